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

    /// <summary>A compiled regex for a pattern (culture-invariant, as the Rust and JS versions are).</summary>
    public static Regex Compile(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
}
