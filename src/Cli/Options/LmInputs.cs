using System.Globalization;
using ProbSig.Cli.Output;
using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Cli.Options;

/// <summary>A tokenizer with the id that names it in outputs (qwen2.5, builtin:SIZE:corpus, file:PATH).</summary>
internal sealed record NamedTokenizer(string Id, ITokenizer Tokenizer);

/// <summary>
/// The --corpus and --tokenizer values shared by the `lm` verbs: one parser each, so every
/// verb accepts the same spellings and names the option in its errors.
/// </summary>
internal static class LmInputs
{
    /// <summary>Help text of --corpus.</summary>
    public const string CorpusHelp = "brown, brown:GENRE[,GENRE], pile:PATH[:SUBSET,..], a .jsonl(.zst) file, or a text file or folder.";

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

    /// <summary>The corpus source <paramref name="spec"/> names.</summary>
    /// <exception cref="CliUsageException">An unknown or unreadable source.</exception>
    public static ICorpusSource ParseCorpus(string spec, string option = "--corpus")
    {
        try { return CorpusSources.Parse(spec); }
        catch (CorpusException e) { throw new CliUsageException(option, spec, e.Message); }
    }

    /// <summary>
    /// The tokenizer <paramref name="spec"/> names. bpe:SIZE and builtin:SIZE train a
    /// byte-level BPE on <paramref name="source"/> (digits one per token, Qwen's regex).
    /// </summary>
    /// <exception cref="CliUsageException">A bad size, no corpus to train on, or unreadable files.</exception>
    public static NamedTokenizer LoadTokenizer(string spec, ICorpusSource? source, IProgress<string> progress, string option = "--tokenizer")
    {
        if (spec == "qwen2.5") return new(spec, QwenTokenizer.Load(progress: progress));
        var prefix = spec.StartsWith("builtin:", StringComparison.Ordinal) ? "builtin:"
            : spec.StartsWith("bpe:", StringComparison.Ordinal) ? "bpe:" : null;
        if (prefix is not null)
        {
            if (!int.TryParse(spec[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 260)
                throw new CliUsageException(option, spec, $"{prefix}SIZE needs a vocabulary size of at least 260 (256 bytes plus merges)");
            if (source is null) throw new CliUsageException(option, spec, "a built-in tokenizer is trained on --corpus; without one give the tokenizer's files");
            progress.Report($"training a {size}-token byte-level BPE on {source.Name}");
            return new($"builtin:{size}:{source.Name}", BpeTrainer.Train(source.Documents().Select(d => d.Text), size));
        }
        try { return new("file:" + Path.GetFullPath(spec), TokenizerFiles.Load(spec)); }
        catch (TokenizerFileException e) { throw new CliUsageException(option, spec, e.Message); }
    }
}
