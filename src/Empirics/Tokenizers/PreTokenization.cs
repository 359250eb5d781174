using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>The pre-tokenizer regexes: text is split into pieces that BPE never merges across.</summary>
public static class PreTokenization
{
    /// <summary>
    /// Qwen2's split regex (from its tokenizer.json). \p{N} alone, not \p{N}+: every digit
    /// is its own piece, so numbers are always one token per digit.
    /// </summary>
    public const string Qwen = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>GPT-2's regex, used by a ByteLevel pre-tokenizer with use_regex true.</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>
    /// A compiled regex for a pattern that matches by code point, as the Rust and
    /// JavaScript (/u) engines do. .NET matches UTF-16 units, so a letter or digit outside
    /// the BMP (U+20000, U+1D7D8) is two surrogates of category Cs, and one character
    /// class step takes half an emoji. <see cref="CodePointAware"/> rewrites the classes.
    /// </summary>
    public static Regex Compile(string pattern) =>
        new(CodePointAware(pattern), RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>
    /// Rewrites \p{L}, \p{N} and the negated classes [^\r\n\p{L}\p{N}] and [^\s\p{L}\p{N}]
    /// so that each matches a whole code point, surrogate pairs included (the forms that
    /// byte-level BPE regexes use); other patterns pass through unchanged.
    /// </summary>
    public static string CodePointAware(string pattern)
    {
        var letters = AstralClass(c => c is >= UnicodeCategory.UppercaseLetter and <= UnicodeCategory.OtherLetter);
        var numbers = AstralClass(c => c is >= UnicodeCategory.DecimalDigitNumber and <= UnicodeCategory.OtherNumber);
        // An astral code point that is neither, or a lone surrogate, counts as "other".
        var otherAstral = $@"(?=[\uD800-\uDFFF])(?:(?!{letters}|{numbers})[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])";
        // Negated classes first (through placeholders), so the \p{L} and \p{N} rewrites
        // below do not reach inside them.
        const string notLineLetterDigit = "\u0001", notSpaceLetterDigit = "\u0002";
        return pattern
            .Replace(@"[^\r\n\p{L}\p{N}]", notLineLetterDigit)
            .Replace(@"[^\s\p{L}\p{N}]", notSpaceLetterDigit)
            .Replace(@"\p{L}", $@"(?:\p{{L}}|{letters})")
            .Replace(@"\p{N}", $@"(?:\p{{N}}|{numbers})")
            .Replace(notLineLetterDigit, $@"(?:[^\r\n\p{{L}}\p{{N}}\uD800-\uDFFF]|{otherAstral})")
            .Replace(notSpaceLetterDigit, $@"(?:[^\s\p{{L}}\p{{N}}\uD800-\uDFFF]|{otherAstral})");
    }

    /// <summary>An alternation matching the surrogate pairs of astral code points whose category passes <paramref name="keep"/>.</summary>
    private static string AstralClass(Func<UnicodeCategory, bool> keep)
    {
        // Grouped by high surrogate: \uD835[\uDC00-\uDC54...]|... (built once per category set).
        // The lookahead lets ordinary (BMP) text skip the alternation at once.
        var text = new StringBuilder(@"(?=[\uD800-\uDBFF])(?:");
        bool first = true;
        for (int high = 0xD800; high <= 0xDBFF; high++)
        {
            var ranges = new StringBuilder();
            int start = -1;
            for (int low = 0xDC00; low <= 0xE000; low++)
            {
                bool inside = low < 0xE000 && keep(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32((char)high, (char)low)));
                if (inside && start < 0) start = low;
                if (!inside && start >= 0)
                {
                    ranges.Append(start == low - 1 ? $@"\u{start:X4}" : $@"\u{start:X4}-\u{low - 1:X4}");
                    start = -1;
                }
            }
            if (ranges.Length == 0) continue;
            if (!first) text.Append('|');
            text.Append($@"\u{high:X4}[{ranges}]");
            first = false;
        }
        if (first) text.Append("(?!)");
        return text.Append(')').ToString();
    }
}
