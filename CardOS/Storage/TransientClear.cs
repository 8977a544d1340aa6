namespace CardOS.Storage;

/// <summary>When a transient array's contents are cleared (JavaCard CLEAR_ON_RESET / CLEAR_ON_DESELECT).</summary>
public enum TransientClear
{
    /// <summary>Cleared at power-up and reset.</summary>
    OnReset,

    /// <summary>Cleared when the owning applet is deselected, and at power-up and reset.</summary>
    OnDeselect,
}
