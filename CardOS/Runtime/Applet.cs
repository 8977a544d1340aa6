using CardOS.Apdu;

namespace CardOS.Runtime;

/// <summary>
/// A card application, JavaCard style. The card constructs it at install through a factory that receives the
/// applet's <see cref="AppletContext"/>: allocate persistent state there (re-installing over an existing image
/// re-binds to the same objects). The card then calls <see cref="OnSelect"/>, <see cref="Process"/> and
/// <see cref="OnDeselect"/>; an <see cref="IsoException"/> thrown by any of them becomes the status word.
/// </summary>
public abstract class Applet
{
    /// <summary>Creates the applet in its context.</summary>
    protected Applet(AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
    }

    /// <summary>The applet's view of the card: its AID, memory, transactions, randomness and clock.</summary>
    protected AppletContext Context { get; }

    /// <summary>The AID the applet is installed under.</summary>
    public Aid Aid => Context.Aid;

    /// <summary>True if the applet accepts commands with extended Lc/Le (otherwise the card answers 6700 to them).</summary>
    public virtual bool SupportsExtendedLength => false;

    /// <summary>True if the applet accepts command chaining (otherwise the card answers 6884 to a chained command).</summary>
    public virtual bool SupportsChaining => false;

    /// <summary>True if the applet handles secure messaging itself (otherwise the card answers 6882 to an interindustry CLA that indicates it).</summary>
    public virtual bool SupportsSecureMessaging => false;

    /// <summary>True if the applet may be selected on several logical channels at once.</summary>
    public virtual bool IsMultiSelectable => false;

    /// <summary>Called when the applet becomes selected on a channel; return false to refuse (the card answers 6999).</summary>
    protected virtual bool OnSelect(int channel) => true;

    /// <summary>Answers the SELECT command that selected the applet; by default no data and 9000.</summary>
    protected virtual void ProcessSelect(ApduContext apdu)
    {
    }

    /// <summary>Called when the applet stops being selected on a channel (another SELECT, channel close, reset, power-off).</summary>
    protected virtual void OnDeselect(int channel)
    {
    }

    /// <summary>Processes one command.</summary>
    protected abstract void Process(ApduContext apdu);

    // The card calls the protected members through these, so applets override them as plain protected members.
    internal bool InvokeSelect(int channel) => OnSelect(channel);

    internal void InvokeProcessSelect(ApduContext apdu) => ProcessSelect(apdu);

    internal void InvokeDeselect(int channel) => OnDeselect(channel);

    internal void InvokeProcess(ApduContext apdu) => Process(apdu);
}
