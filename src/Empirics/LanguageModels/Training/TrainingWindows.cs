namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// Every window of SequenceLength + 1 consecutive tokens inside one document (the model
/// reads the first SequenceLength and predicts the last SequenceLength). A document shorter
/// than a window is skipped and counted. Windows are drawn uniformly over all valid start
/// positions, so long documents weigh in proportion to their length; the draw for a batch
/// row is a pure function of (seed, step, row).
/// </summary>
public sealed class TrainingWindows
{
    // Separate hash streams keep training and evaluation draws unrelated for one seed.
    private const ulong TrainStream = 0x747261696E;  // "train"
    private const ulong EvalStream = 0x6576616C;     // "eval"

    private readonly TokenDocuments documents;
    private readonly int[] usable;          // indices of documents long enough for one window
    private readonly long[] startsBefore;   // cumulative start positions, one entry per usable document plus the total

    internal TrainingWindows(TokenDocuments documents, int sequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        this.documents = documents;
        SequenceLength = sequenceLength;
        var usableList = new List<int>();
        var starts = new List<long> { 0 };
        for (int i = 0; i < documents.Count; i++)
        {
            int n = documents[i].Length - sequenceLength;   // start positions of a (T + 1)-token window
            if (n <= 0) { SkippedDocuments++; continue; }
            usableList.Add(i);
            starts.Add(starts[^1] + n);
        }
        usable = usableList.ToArray();
        startsBefore = starts.ToArray();
    }

    /// <summary>Tokens the model reads per window (T); a window holds T + 1.</summary>
    public int SequenceLength { get; }

    /// <summary>Documents shorter than T + 1 tokens, which hold no window.</summary>
    public int SkippedDocuments { get; }

    /// <summary>Documents that hold at least one window.</summary>
    public int UsableDocuments => usable.Length;

    /// <summary>Number of distinct windows (valid start positions over all documents).</summary>
    public long Count => startsBefore[^1];

    /// <summary>The window for training step <paramref name="step"/>, batch row <paramref name="row"/>:
    /// (document index, start position).</summary>
    /// <exception cref="InvalidOperationException">No document is long enough.</exception>
    public (int Document, int Start) TrainingWindow(long seed, long step, int row) => Locate(SplitMix64.Hash(seed, TrainStream, step, row));

    /// <summary>The i-th evaluation window: a fixed set for a seed, so every evaluation sees the same windows.</summary>
    public (int Document, int Start) EvaluationWindow(long seed, int index) => Locate(SplitMix64.Hash(seed, EvalStream, 0, index));

    /// <summary>The ids of the training batch of step <paramref name="step"/>: B rows of T + 1 ids, row-major (B * (T + 1)).</summary>
    public long[] TrainingBatch(long seed, long step, int batchSize) =>
        Gather(Enumerable.Range(0, batchSize).Select(row => TrainingWindow(seed, step, row)));

    /// <summary>Evaluation windows [first, first + count) as B rows of T + 1 ids.</summary>
    public long[] EvaluationBatch(long seed, int first, int count) =>
        Gather(Enumerable.Range(first, count).Select(i => EvaluationWindow(seed, i)));

    private long[] Gather(IEnumerable<(int Document, int Start)> windows)
    {
        int width = SequenceLength + 1;
        var ids = new List<long>();
        foreach (var (doc, start) in windows)
        {
            var tokens = documents[doc].Slice(start, width);
            foreach (var t in tokens) ids.Add(t);
        }
        return ids.ToArray();
    }

    private (int Document, int Start) Locate(ulong hash)
    {
        if (Count == 0)
            throw new InvalidOperationException($"no document holds a window of {SequenceLength + 1} tokens ({SkippedDocuments} documents, all too short); lower the sequence length");
        long position = SplitMix64.Below(hash, Count);
        // Last usable document whose first start position is <= position.
        int k = Array.BinarySearch(startsBefore, position);
        if (k < 0) k = ~k - 1;
        while (k + 1 < startsBefore.Length - 1 && startsBefore[k + 1] <= position) k++;
        return (usable[k], (int)(position - startsBefore[k]));
    }
}
