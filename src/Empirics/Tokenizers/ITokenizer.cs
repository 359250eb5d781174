namespace ProbSig.Empirics.Tokenizers;

/// <summary>Text to token ids and back.</summary>
public interface ITokenizer
{
    /// <summary>Number of ids (regular and special tokens); every id is below it.</summary>
    int VocabularySize { get; }

    /// <summary>The token ids of <paramref name="text"/>, with no special tokens added.</summary>
    int[] Encode(string text);

    /// <summary>The text of a sequence of ids (invalid UTF-8 byte runs become U+FFFD).</summary>
    string Decode(IReadOnlyList<int> ids);

    /// <summary>A readable string for one token: its decoded text, or the special token's name.</summary>
    string TokenString(int id);
}
