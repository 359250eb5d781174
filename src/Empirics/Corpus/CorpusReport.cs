namespace ProbSig.Empirics.Corpus;

/// <summary>One input item left out of a pass, and why.</summary>
/// <param name="Input">The file.</param>
/// <param name="Line">1-based line number, or 0 where the item is a whole file.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record CorpusSkip(string Input, long Line, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{Input}:{Line}: {Reason}" : $"{Input}: {Reason}";
}

/// <summary>
/// Counts of what one pass over a source read and skipped, for the caller to print, so a
/// skipped line or file is never a silent wrong count.
/// </summary>
public sealed class CorpusReport
{
    /// <summary>At most this many skips are kept with their details; all are counted.</summary>
    public const int MaxKeptSkips = 1000;

    private readonly List<CorpusSkip> skips = [];
    private readonly Dictionary<string, long> perSubset = new(StringComparer.Ordinal);
    private readonly List<string> warnings = [];

    /// <summary>Documents yielded.</summary>
    public long Documents { get; private set; }

    /// <summary>Items skipped in all (may exceed the kept details).</summary>
    public long SkippedCount { get; private set; }

    /// <summary>Input items (lines or files) that were read but not selected (another subset).</summary>
    public long NotSelected { get; private set; }

    /// <summary>The first <see cref="MaxKeptSkips"/> skips.</summary>
    public IReadOnlyList<CorpusSkip> Skips => skips;

    /// <summary>Documents yielded per subset.</summary>
    public IReadOnlyDictionary<string, long> DocumentsPerSubset => perSubset;

    /// <summary>Things the caller should see that are not skips (a selected subset never seen).</summary>
    public IReadOnlyList<string> Warnings => warnings;

    internal void Reset()
    {
        skips.Clear();
        perSubset.Clear();
        warnings.Clear();
        Documents = 0;
        SkippedCount = 0;
        NotSelected = 0;
    }

    internal void Yielded(CorpusDocument document)
    {
        Documents++;
        perSubset[document.Subset] = perSubset.GetValueOrDefault(document.Subset) + 1;
    }

    internal void Skipped(CorpusSkip skip)
    {
        SkippedCount++;
        if (skips.Count < MaxKeptSkips) skips.Add(skip);
    }

    internal void Unselected() => NotSelected++;

    internal void Warn(string warning) => warnings.Add(warning);

    /// <summary>Lines for the caller to print: totals, then each skip and warning.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"{Documents} documents read, {SkippedCount} skipped, {NotSelected} not selected";
        foreach (var (subset, count) in perSubset.OrderBy(p => p.Key, StringComparer.Ordinal))
            yield return $"  {(subset.Length == 0 ? "(no subset)" : subset)}: {count}";
        foreach (var skip in skips) yield return "  skipped " + skip;
        if (SkippedCount > skips.Count) yield return $"  ... and {SkippedCount - skips.Count} more skips";
        foreach (var warning in warnings) yield return "  warning: " + warning;
    }
}
