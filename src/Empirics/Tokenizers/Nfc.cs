namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// Unicode NFC, from the system ICU library (<see cref="IcuNormalizer"/>: under the build's
/// InvariantGlobalization string.Normalize leaves "e\u0301" unchanged, and Qwen's ids then
/// differ from the reference). Text below U+0300 is NFC already and needs no call.
/// </summary>
public static class Nfc
{
    private static readonly IcuNormalizer Icu = new("NFC", expansion: 3);

    /// <summary>The NFC form of <paramref name="text"/>.</summary>
    /// <exception cref="InvalidOperationException">The text needs normalising and no ICU library was found.</exception>
    public static string Normalize(string text) => IsTriviallyNfc(text) ? text : Icu.Normalize(text);

    /// <summary>Whether NFC is available for text beyond U+02FF.</summary>
    public static bool Available => Icu.Available;

    // No character below U+0300 decomposes or composes with its neighbour.
    private static bool IsTriviallyNfc(string text)
    {
        foreach (var c in text)
            if (c >= '\u0300') return false;
        return true;
    }
}
