namespace ProbSig.Empirics.Embeddings.Onnx;

/// <summary>
/// A BERT-style encoder's word-piece embedding table, read from its ONNX file and the
/// vocab.txt it was trained with: line i of vocab.txt is the token of row i, as in every
/// BERT tokenizer, so the two files must have the same number of rows.
/// </summary>
public static class OnnxEmbeddings
{
    /// <summary>The word-piece table's initializer name in Hugging Face BERT exports.</summary>
    public const string WordEmbeddings = "embeddings.word_embeddings.weight";

    /// <summary>The table of initializer <paramref name="initializer"/> in <paramref name="onnxPath"/>, rows named by <paramref name="vocabPath"/>'s lines.</summary>
    /// <exception cref="EmbeddingException">Either file cannot be read as asked, or their row counts differ.</exception>
    public static EmbeddingTable Read(string onnxPath, string vocabPath, string initializer = WordEmbeddings)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        if (!File.Exists(vocabPath)) throw new EmbeddingException($"{vocabPath}: no such file");
        var tokens = File.ReadAllLines(vocabPath);
        var matrix = OnnxInitializer.Read(onnxPath, initializer);
        if (tokens.Length != matrix.Rows)
            throw new EmbeddingException($"{vocabPath}: {tokens.Length} tokens, but initializer '{initializer}' of {onnxPath} has {matrix.Rows} rows; the vocabulary does not belong to this model");
        return new EmbeddingTable($"{onnxPath} ({initializer})", tokens, matrix.Columns, matrix.Values);
    }
}
