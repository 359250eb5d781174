using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Empirics.Corpus.Pipeline;

/// <summary>A loaded tokenizer with the id that names it in outputs, counts and checkpoints
/// (<see cref="TokenizerDescription.Id"/>: qwen2.5, builtin:SIZE:CORPUS, file:PATH).</summary>
/// <param name="Id">What made it; counts of one id only ever merge with counts of the same id.</param>
/// <param name="Tokenizer">Text to ids.</param>
public sealed record NamedTokenizer(string Id, ITokenizer Tokenizer);
