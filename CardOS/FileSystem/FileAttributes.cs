using CardOS.Security;

namespace CardOS.FileSystem;

/// <summary>What an EF is created with besides its FID and size: short EF identifier and access conditions.</summary>
internal readonly record struct FileAttributes(byte ShortId, AccessCondition Read, AccessCondition Update, AccessCondition Append);
