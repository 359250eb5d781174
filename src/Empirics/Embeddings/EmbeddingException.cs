namespace ProbSig.Empirics.Embeddings;

/// <summary>An embedding file or package that cannot be read as asked: the message names the
/// file (or package) and what is wrong with it, in one line.</summary>
/// <param name="message">What went wrong, naming the input.</param>
/// <param name="inner">The cause, if any.</param>
public sealed class EmbeddingException(string message, Exception? inner = null) : Exception(message, inner);
