namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// A tokenizer whose ids are the rows of a table trained elsewhere (a word-vector file's
/// words, a BERT vocab.txt), so that corpus counts and those rows line up. Some ids stand for
/// no corpus text of their own (the unknown token, special tokens): they are counted, so that
/// coverage can be reported, but never compared.
/// </summary>
public interface IVocabularyTokenizer : ITokenizer
{
    /// <summary>The id every corpus token outside the vocabulary becomes.</summary>
    int UnknownId { get; }

    /// <summary>Ids never compared: <see cref="UnknownId"/> and any special tokens.</summary>
    IReadOnlySet<int> NotCompared { get; }
}
