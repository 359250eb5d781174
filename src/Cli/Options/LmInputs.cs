using System.Globalization;
using ProbSig.Cli.Output;
using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Packages;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Cli.Options;

/// <summary>
/// The --corpus and --tokenizer values shared by the `lm` verbs: one parser each, so every
/// verb accepts the same spellings and names the option in its errors. They give the
/// descriptions that <see cref="CorpusPipeline"/> reads.
/// </summary>
internal static class LmInputs
{
    /// <summary>Help text of --corpus.</summary>
    public const string CorpusHelp = "brown, brown:GENRE[,GENRE], sotu, sotu:FROM-TO[:PARTY,..] (State of the Union addresses), pile:PATH[:SUBSET,..], a .jsonl(.zst) file, or a text file or folder.";

    /// <summary>Help text of --tokenizer.</summary>
    public const string TokenizerHelp =
        "qwen2.5, bpe:SIZE or builtin:SIZE (a byte-level BPE trained on --corpus), or a tokenizer.json, vocab.json or a folder holding one (e.g. an `lm train` output).";

    /// <summary>
    /// The files or folders on disk that corpus, tokenizer, counts or checkpoint
    /// specifications name (pile:PATH[:SUBSET] gives PATH; names such as brown or qwen2.5
    /// give nothing), so that an output folder can be refused when it would hold an input.
    /// </summary>
    public static IEnumerable<string> PathsOf(params string?[] specs)
    {
        foreach (var spec in specs)
        {
            if (string.IsNullOrEmpty(spec)) continue;
            var path = spec;
            if (spec.StartsWith("pile:", StringComparison.Ordinal))
            {
                path = spec["pile:".Length..];
                if (!File.Exists(path) && !Directory.Exists(path) && path.LastIndexOf(':') is var colon and > 0) path = path[..colon];
            }
            if (File.Exists(path) || Directory.Exists(path)) yield return path;
        }
    }

    /// <summary>The corpus <paramref name="spec"/> names (nothing is read yet).</summary>
    /// <exception cref="CliUsageException">An unknown or missing source.</exception>
    public static SourceDescription ParseCorpus(string spec, string option = "--corpus")
    {
        try { return CorpusSources.Describe(spec); }
        catch (CorpusException e) { throw new CliUsageException(option, spec, e.Message); }
    }

    /// <summary>The spellings of Qwen2.5's tokenizer.</summary>
    private static readonly string[] QwenNames = ["qwen2.5", "qwen2", "qwen"];

    /// <summary>
    /// The tokenizer <paramref name="spec"/> names (nothing is trained or read yet). bpe:SIZE
    /// and builtin:SIZE are a byte-level BPE trained on <paramref name="trainOn"/> (digits one
    /// per token, Qwen's regex).
    /// </summary>
    /// <param name="spec">The --tokenizer value.</param>
    /// <param name="trainOn">The corpus a built-in BPE is trained on; null where the verb reads none.</param>
    /// <param name="option">The option named in errors.</param>
    /// <param name="noCorpus">The problem to report for bpe:SIZE when there is no corpus to train on.</param>
    /// <exception cref="CliUsageException">A bad size, or no corpus to train on.</exception>
    public static TokenizerDescription ParseTokenizer(string spec, SourceDescription? trainOn, string option = "--tokenizer",
        string noCorpus = "a built-in tokenizer is trained on --corpus; without one give the tokenizer's files")
    {
        if (QwenNames.Contains(spec, StringComparer.OrdinalIgnoreCase)) return new QwenTokenizerDescription();
        var prefix = spec.StartsWith("builtin:", StringComparison.Ordinal) ? "builtin:"
            : spec.StartsWith("bpe:", StringComparison.Ordinal) ? "bpe:" : null;
        if (prefix is null) return new TokenizerFilesDescription(spec);
        if (!int.TryParse(spec[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 260)
            throw new CliUsageException(option, spec, $"{prefix}SIZE needs a vocabulary size of at least 260 (256 bytes plus merges)");
        if (trainOn is null) throw new CliUsageException(option, spec, noCorpus);
        return new TrainedBpeDescription(size, trainOn);
    }

    /// <summary>Loads (or trains) the tokenizer <paramref name="spec"/> names; see <see cref="ParseTokenizer"/>.</summary>
    /// <exception cref="CliUsageException">A bad spec, or files or a package that cannot be read.</exception>
    public static NamedTokenizer LoadTokenizer(string spec, SourceDescription? trainOn, IProgress<string> progress, string option = "--tokenizer") =>
        Load(ParseTokenizer(spec, trainOn, option), spec, progress, option);

    /// <summary>Loads (or trains) <paramref name="tokenizer"/>, which <paramref name="spec"/> named.</summary>
    /// <exception cref="CliUsageException">Files or a package that cannot be read.</exception>
    public static NamedTokenizer Load(TokenizerDescription tokenizer, string spec, IProgress<string> progress, string option = "--tokenizer")
    {
        try { return tokenizer.Load(progress: progress); }
        catch (Exception e) when (e is TokenizerFileException or NpmPackageException) { throw new CliUsageException(option, spec, e.Message); }
    }

    /// <summary>Help text of --weights.</summary>
    public const string WeightsHelp = "Window weights: uniform (1/w), harmonic (1/k, GloVe's) or geometric:BETA.";

    /// <summary>The --weights value over offsets 1..<paramref name="window"/>.</summary>
    /// <exception cref="CliUsageException">An unknown weighting.</exception>
    public static Theory.Corpus.WindowWeights ParseWeights(string text, int window)
    {
        if (text == "uniform") return Theory.Corpus.WindowWeights.Uniform(window);
        if (text == "harmonic") return Theory.Corpus.WindowWeights.Harmonic(window);
        if (text.StartsWith("geometric:", StringComparison.Ordinal)
            && double.TryParse(text["geometric:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var beta) && beta > 0)
            return Theory.Corpus.WindowWeights.Geometric(window, beta);
        throw new CliUsageException("--weights", text, "expected uniform, harmonic or geometric:BETA with BETA > 0");
    }
}
