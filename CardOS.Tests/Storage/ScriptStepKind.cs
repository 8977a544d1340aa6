namespace CardOS.Tests.Storage;

/// <summary>What a <see cref="ScriptStep"/> does with its writes.</summary>
public enum ScriptStepKind
{
    /// <summary>Begin a transaction, write atomically, commit.</summary>
    CommittedTransaction,

    /// <summary>Begin a transaction, write atomically, abort.</summary>
    AbortedTransaction,

    /// <summary>One atomic write outside any transaction (JavaCard Util.arrayCopy).</summary>
    AtomicCopy,

    /// <summary>One plain write (JavaCard Util.arrayCopyNonAtomic).</summary>
    NonAtomicCopy,
}
