using System.Security.Cryptography;
using System.Text;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// A content hash of a tokenizer: SHA-256 over its size, every id's token in id order (the
/// byte-level string of a BPE, else the readable string) and a BPE's merges. Two tokenizers
/// of one size but different vocabularies (which would pair counts' ids with the wrong
/// strings) get different fingerprints; a name does not.
/// </summary>
public static class TokenizerFingerprint
{
    /// <summary>"sha256:" and the first 16 hex digits of the hash.</summary>
    public static string Of(ITokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(tokenizer.VocabularySize));
        var bpe = tokenizer as ByteLevelBpeTokenizer;
        for (int id = 0; id < tokenizer.VocabularySize; id++) Append(sha, bpe?.RawToken(id) ?? tokenizer.TokenString(id));
        foreach (var (left, right) in bpe?.Merges ?? []) Append(sha, left + " " + right);
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.</summary>
    private static void Append(IncrementalHash sha, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        sha.AppendData(BitConverter.GetBytes(bytes.Length));
        sha.AppendData(bytes);
    }
}
