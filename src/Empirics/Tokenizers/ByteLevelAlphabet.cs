namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// GPT-2's byte-to-character table used by every byte-level BPE (Qwen's included): each
/// byte maps to one printable character, so tokens are strings (' ' becomes 'Ġ').
/// </summary>
public static class ByteLevelAlphabet
{
    /// <summary>The character standing for each byte value.</summary>
    public static readonly char[] ByteToChar = Build();

    private static readonly Dictionary<char, byte> CharToByte =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    private static char[] Build()
    {
        // Printable Latin-1 bytes stand for themselves; the rest are moved to 256 + n, in
        // byte order, exactly as GPT-2's bytes_to_unicode does.
        var map = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)(256 + next++);
        }
        return map;
    }

    /// <summary>The byte-level string of some UTF-8 bytes.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), (span, b) =>
        {
            for (int i = 0; i < b.Length; i++) span[i] = ByteToChar[b[i]];
        });
    }

    /// <summary>Appends the bytes a byte-level string stands for; false if a character is outside the alphabet.</summary>
    public static bool TryDecode(string token, List<byte> into)
    {
        foreach (var c in token)
        {
            if (!CharToByte.TryGetValue(c, out var b)) return false;
            into.Add(b);
        }
        return true;
    }

    /// <summary>True if <paramref name="c"/> is one of the 256 byte characters.</summary>
    public static bool Contains(char c) => CharToByte.ContainsKey(c);
}
