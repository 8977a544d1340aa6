namespace CardOS.FileSystem;

/// <summary>The structure of a file (ISO/IEC 7816-4 5.3.2); the numeric values are how the file system stores them in EEPROM.</summary>
public enum FileStructure
{
    /// <summary>A dedicated file (the MF or a DF): a directory of other files.</summary>
    Dedicated = 1,

    /// <summary>A transparent EF: a sequence of bytes read and updated by offset.</summary>
    Transparent = 2,

    /// <summary>A linear fixed EF: up to a maximum number of records of one size, numbered from 1 in the order they were appended.</summary>
    LinearFixed = 3,

    /// <summary>A cyclic EF: a ring of records of one size; record 1 is the newest, and appending to a full file drops the oldest.</summary>
    Cyclic = 4,
}
