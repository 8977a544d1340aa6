using CardOS.Apdu;

namespace CardOS.Runtime;

/// <summary>
/// The applets installed on a card, in installation order (the order partial SELECT walks), each with the factory that
/// builds it anew after a power loss, and the default applet selected on the basic channel at power-up.
/// </summary>
internal sealed class AppletRegistry
{
    private readonly List<Applet> _applets = [];
    private readonly List<Func<AppletContext, Applet>> _factories = [];

    /// <summary>The installed applets, in installation order.</summary>
    public IReadOnlyList<Applet> Applets => _applets;

    /// <summary>How many applets are installed.</summary>
    public int Count => _applets.Count;

    /// <summary>The applet at <paramref name="index"/> in installation order.</summary>
    public Applet this[int index] => _applets[index];

    /// <summary>The applet selected on the basic channel at every power-up and reset, or null.</summary>
    public Applet? Default { get; private set; }

    /// <summary>Registers an applet built by <paramref name="factory"/>.</summary>
    public void Add(Applet applet, Func<AppletContext, Applet> factory, bool isDefault)
    {
        _applets.Add(applet);
        _factories.Add(factory);
        if (isDefault)
            Default = applet;
    }

    /// <summary>Unregisters <paramref name="applet"/>; it stops being the default.</summary>
    public void Remove(Applet applet)
    {
        int index = _applets.IndexOf(applet);
        _applets.RemoveAt(index);
        _factories.RemoveAt(index);
        if (ReferenceEquals(Default, applet))
            Default = null;
    }

    /// <summary>The applet installed under <paramref name="aid"/>, or null.</summary>
    public Applet? Find(Aid aid)
    {
        foreach (Applet applet in _applets)
        {
            if (applet.Aid.Equals(aid))
                return applet;
        }

        return null;
    }

    /// <summary>The index of <paramref name="applet"/> in installation order, or -1.</summary>
    public int IndexOf(Applet applet) => _applets.IndexOf(applet);

    /// <summary>
    /// The index of the first applet from <paramref name="start"/>, walking by <paramref name="step"/>, whose AID begins
    /// with <paramref name="name"/> (a full or partial DF name); -1 if none.
    /// </summary>
    public int FindMatch(ReadOnlySpan<byte> name, int start, int step)
    {
        for (int i = start; i >= 0 && i < _applets.Count; i += step)
        {
            if (_applets[i].Aid.StartsWith(name))
                return i;
        }

        return -1;
    }

    /// <summary>Builds every applet anew from its factory in a fresh context on <paramref name="card"/>; the default follows.</summary>
    public void Rebuild(Card card)
    {
        for (int i = 0; i < _applets.Count; i++)
        {
            Applet old = _applets[i];
            Applet fresh = _factories[i](new AppletContext(card, old.Aid));
            _applets[i] = fresh;
            if (ReferenceEquals(Default, old))
                Default = fresh;
        }
    }
}
