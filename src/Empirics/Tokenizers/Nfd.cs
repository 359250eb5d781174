using System.Globalization;
using System.Text;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// Unicode NFD and BERT uncased's accent stripping (NFD, then drop the non-spacing marks),
/// NFD from the system ICU library (<see cref="IcuNormalizer"/>: under InvariantGlobalization
/// Microsoft.ML.Tokenizers' BertTokenizer keeps "é", and "café" became [UNK] where BERT
/// reads "cafe"). Text below U+00C0 has no canonical decomposition and needs no call.
/// </summary>
public static class Nfd
{
    // A character decomposes into at most 4 UTF-16 units in canonical decomposition.
    private static readonly IcuNormalizer Icu = new("NFD", expansion: 4);

    /// <summary>The NFD form of <paramref name="text"/>.</summary>
    /// <exception cref="InvalidOperationException">The text needs normalising and no ICU library was found.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsTriviallyNfd(text) ? text : Icu.Normalize(text);
    }

    /// <summary>BERT's accent stripping: NFD, then every non-spacing mark (category Mn) removed.</summary>
    public static string StripAccents(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsTriviallyNfd(text)) return text;
        var decomposed = Normalize(text);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
        return kept.ToString();
    }

    /// <summary>Whether NFD is available for text beyond U+00BF.</summary>
    public static bool Available => Icu.Available;

    // No character below U+00C0 has a canonical decomposition; combining marks start at U+0300.
    private static bool IsTriviallyNfd(string text)
    {
        foreach (var c in text)
            if (c >= '\u00C0') return false;
        return true;
    }
}
