namespace CardOS.Reader.Pcsc;

/// <summary>The scope of a resource manager context (SCARD_SCOPE_*).</summary>
public enum SCardScope
{
    /// <summary>The user's scope.</summary>
    User = 0,

    /// <summary>The terminal's scope.</summary>
    Terminal = 1,

    /// <summary>The system's scope: the usual choice.</summary>
    System = 2,
}
