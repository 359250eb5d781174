namespace ProbSig.Empirics.Corpus;

/// <summary>A corpus input that cannot be read; the message names the input and where in it.</summary>
public sealed class CorpusException(string message, Exception? inner = null) : Exception(message, inner);
