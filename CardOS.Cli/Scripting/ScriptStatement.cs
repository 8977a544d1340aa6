namespace CardOS.Cli.Scripting;

/// <summary>One statement of an APDU script, with the line it starts on.</summary>
internal abstract record ScriptStatement(int Line);

/// <summary><c>powerup;</c>: power the card on (apdutool).</summary>
internal sealed record PowerUpStatement(int Line) : ScriptStatement(Line);

/// <summary><c>powerdown;</c>: power the card off (apdutool).</summary>
internal sealed record PowerDownStatement(int Line) : ScriptStatement(Line);

/// <summary><c>reset;</c>: warm reset.</summary>
internal sealed record ResetStatement(int Line) : ScriptStatement(Line);

/// <summary><c>echo "text";</c>: print the text (apdutool).</summary>
internal sealed record EchoStatement(int Line, string Text) : ScriptStatement(Line);

/// <summary><c>output on|off;</c>: show or hide the exchanges (apdutool).</summary>
internal sealed record OutputStatement(int Line, bool Enabled) : ScriptStatement(Line);

/// <summary><c>delay N;</c>: accepted for apdutool compatibility; a card emulator has nothing to wait for.</summary>
internal sealed record DelayStatement(int Line, int Milliseconds) : ScriptStatement(Line);

/// <summary>A command APDU, in apdutool form (<c>0x00 0xA4 0x04 0x00 0x02 0x3F 0x00 0x7F;</c>) or raw (<c>apdu 00A404000 23F00;</c>).</summary>
internal sealed record ApduStatement(int Line, byte[] Command) : ScriptStatement(Line);

/// <summary>
/// <c>apdu 0020008108****************;</c>: a command whose secret data a trace masked (one <c>*</c> per hidden hex
/// digit). It parses, so that the rest of a masked trace can be read, but it cannot be sent.
/// </summary>
internal sealed record MaskedApduStatement(int Line, string Pattern) : ScriptStatement(Line);

/// <summary><c>expect DATA SW;</c> or <c>expect SW;</c> or <c>expect mute;</c>: an assertion on the previous command's response.</summary>
internal sealed record ExpectStatement(int Line, string? Data, string? StatusWord, bool Mute) : ScriptStatement(Line);

/// <summary><c>powercut N;</c>: cut power at the N-th EEPROM write from now (0: the next one); in-process cards only.</summary>
internal sealed record PowerCutStatement(int Line, int Writes) : ScriptStatement(Line);
