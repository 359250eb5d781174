namespace ProbSig.Theory.Tasks;

/// <summary>
/// The resolved composite addition task: every (key, ordered anchor tuple) combination with
/// its probability, label and held-out flag. Building it is also the validation, because
/// the label and weight rules can only be checked by visiting every combination.
/// Combination index = keyIndex * TupleCount + tupleIndex; tuple digits are base m with the
/// first anchor position most significant (so tuples enumerate in lexicographic order).
/// </summary>
internal sealed class CombinationTable
{
    public int KeyMin { get; }
    public int KeyCount { get; }
    public int AnchorCount { get; }
    public int Positions { get; }
    public int TupleCount { get; }
    /// <summary>Joint probability of each combination (sums to 1).</summary>
    public double[] Probabilities { get; }
    public int[] Labels { get; }
    public bool[] HeldOut { get; }

    private CombinationTable(int keyMin, int keyCount, int m, int p, int tuples, double[] probabilities, int[] labels, bool[] heldOut)
    {
        KeyMin = keyMin; KeyCount = keyCount; AnchorCount = m; Positions = p; TupleCount = tuples;
        Probabilities = probabilities; Labels = labels; HeldOut = heldOut;
    }

    /// <summary>The anchor indices of tuple <paramref name="tupleIndex"/>.</summary>
    public int[] Tuple(int tupleIndex)
    {
        var digits = new int[Positions];
        for (int i = Positions - 1; i >= 0; i--) { digits[i] = tupleIndex % AnchorCount; tupleIndex /= AnchorCount; }
        return digits;
    }

    /// <summary>Index of a tuple, or -1 if it has the wrong length or an unknown anchor.</summary>
    public static int TupleIndex(IReadOnlyList<int>? anchors, int m, int p)
    {
        if (anchors is null || anchors.Count != p) return -1;
        int index = 0;
        foreach (var a in anchors)
        {
            if (a < 0 || a >= m) return -1;
            index = index * m + a;
        }
        return index;
    }

    public static CombinationTable Build(CompositeAdditionConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        int n = c.Numbers;
        if (n < 1) throw Error(TaskParameter.Numbers, $"{n}", $"{n} numbers; the number range needs at least one number");
        string keyRange = $"[{c.KeyMin},{c.KeyMax}]";
        if (c.KeyMin > c.KeyMax) throw Error(TaskParameter.KeyRange, keyRange, $"key min {c.KeyMin} exceeds key max {c.KeyMax}");
        if (c.KeyMin < 0 || c.KeyMax > n - 1)
            throw Error(TaskParameter.KeyRange, keyRange, $"{keyRange} leaves the number range [0,{n - 1}]");
        int keyCount = c.KeyMax - c.KeyMin + 1;

        var values = c.AnchorValues ?? [];
        if (values.Count == 0) throw Error(TaskParameter.AnchorValues, "[]", "no anchor values given; at least one is needed");
        var seen = new HashSet<int>();
        foreach (var v in values)
            if (!seen.Add(v)) throw Error(TaskParameter.AnchorValues, Format(values), $"duplicate value {v} in {Format(values)}");
        int m = values.Count, p = c.AnchorPositions;
        if (p < 1) throw Error(TaskParameter.AnchorPositions, $"{p}", $"{p} anchor positions; at least one is needed");
        // m^P in floating point first: the integer power overflows long before the cap matters.
        double combinations = keyCount * Math.Pow(m, p);
        if (combinations > CompositeAdditionConfig.MaxCombinations)
            throw Error(TaskParameter.AnchorPositions, $"{p}",
                $"{keyCount} keys x {m}^{p} anchor tuples = {combinations:G6} combinations exceed the limit {CompositeAdditionConfig.MaxCombinations} of an exact task");
        int tuples = (int)Math.Round(Math.Pow(m, p));
        if (!Enum.IsDefined(c.Label)) throw Error(TaskParameter.Label, $"{c.Label}", $"unknown label rule {c.Label}");

        var keyWeights = KeyWeights(c, keyCount);
        var overrides = OverrideOffsets(c, m, p);
        var heldOut = HeldOutFlags(c, keyCount, m, p, tuples);

        var table = new CombinationTable(c.KeyMin, keyCount, m, p, tuples,
            new double[keyCount * tuples], new int[keyCount * tuples], heldOut);
        double keyTotal = keyWeights.Sum();
        var q = new double[tuples];
        for (int ki = 0; ki < keyCount; ki++)
        {
            int key = c.KeyMin + ki;
            double z = 0;
            for (int t = 0; t < tuples; t++)
            {
                var anchors = table.Tuple(t);
                q[t] = c.AnchorWeight is null ? 1.0 : c.AnchorWeight(key, anchors);
                if (!double.IsFinite(q[t]) || q[t] < 0)
                    throw Error(TaskParameter.AnchorWeight, $"{q[t]}", $"weight {q[t]} for key {key} and anchors {FormatTuple(anchors)} is not a finite non-negative number");
                z += q[t];
                table.Labels[ki * tuples + t] = Label(c, key, anchors, overrides.TryGetValue(t, out var off) ? off : null);
            }
            if (keyWeights[ki] > 0 && !(z > 0 && double.IsFinite(z)))
                throw Error(TaskParameter.AnchorWeight, $"{z}", $"total weight {z} over the anchor tuples of key {key} must be positive and finite");
            for (int t = 0; t < tuples; t++)
                table.Probabilities[ki * tuples + t] = keyWeights[ki] > 0 ? keyWeights[ki] / keyTotal * (q[t] / z) : 0.0;
        }

        double kept = 0;
        for (int i = 0; i < heldOut.Length; i++) if (!heldOut[i]) kept += table.Probabilities[i];
        if (!(kept > 0))
        {
            string shown = "[" + string.Join(",", c.HeldOut.Select(h => $"({h.Key}; {FormatTuple(h.Anchors)})")) + "]";
            throw Error(TaskParameter.HeldOut, shown, $"{shown} covers every combination of positive weight; nothing is left to train on");
        }
        return table;
    }

    private static double[] KeyWeights(CompositeAdditionConfig c, int keyCount)
    {
        if (c.KeyWeights is null) return Enumerable.Repeat(1.0, keyCount).ToArray();
        var w = c.KeyWeights;
        if (w.Count != keyCount)
            throw Error(TaskParameter.KeyWeights, $"{w.Count} weights", $"{w.Count} weights for the {keyCount} keys {c.KeyMin}..{c.KeyMax}; give one per key");
        double total = 0;
        for (int i = 0; i < w.Count; i++)
        {
            if (!double.IsFinite(w[i]) || w[i] < 0)
                throw Error(TaskParameter.KeyWeights, $"{w[i]}", $"weight {w[i]} for key {c.KeyMin + i} is not a finite non-negative number");
            total += w[i];
        }
        if (!(total > 0 && double.IsFinite(total)))
            throw Error(TaskParameter.KeyWeights, $"{total}", $"total weight {total} must be positive and finite");
        return w.ToArray();
    }

    /// <summary>Offsets by tuple index; an override must name P known anchors, each tuple once.</summary>
    private static Dictionary<int, int> OverrideOffsets(CompositeAdditionConfig c, int m, int p)
    {
        var offsets = new Dictionary<int, int>();
        foreach (var o in c.Overrides ?? [])
        {
            var anchors = o?.AnchorIndices ?? [];
            string shown = FormatTuple(anchors);
            if (anchors.Count != p)
                throw Error(TaskParameter.Overrides, shown, $"override {shown} has {anchors.Count} anchor indices; there are {p} anchor positions");
            int t = TupleIndex(anchors, m, p);
            if (t < 0)
                throw Error(TaskParameter.Overrides, shown, $"override {shown} names an unknown anchor; anchor indices run 0..{m - 1}");
            if (!offsets.TryAdd(t, o!.Offset))
                throw Error(TaskParameter.Overrides, shown, $"override {shown} is given twice");
        }
        return offsets;
    }

    private static bool[] HeldOutFlags(CompositeAdditionConfig c, int keyCount, int m, int p, int tuples)
    {
        var flags = new bool[keyCount * tuples];
        foreach (var (key, anchors) in c.HeldOut ?? [])
        {
            string shown = $"({key}; {FormatTuple(anchors ?? [])})";
            if (key < c.KeyMin || key > c.KeyMax)
                throw Error(TaskParameter.HeldOut, shown, $"held-out combination {shown} has key {key} outside the key range [{c.KeyMin},{c.KeyMax}]");
            int t = TupleIndex(anchors, m, p);
            if (t < 0)
                throw Error(TaskParameter.HeldOut, shown, $"held-out combination {shown} needs {p} anchor indices in 0..{m - 1}");
            flags[(key - c.KeyMin) * tuples + t] = true;
        }
        return flags;
    }

    private static int Label(CompositeAdditionConfig c, int key, int[] anchors, int? overrideOffset)
    {
        long y = key + (overrideOffset ?? anchors.Sum(a => (long)c.AnchorValues[a]));
        int n = c.Numbers;
        if (c.Label == LabelRule.SumModulo) return (int)(((y % n) + n) % n);
        if (y < 0 || y >= n)
        {
            string where = $"key {key} with anchors {FormatTuple(anchors)}";
            if (overrideOffset is not null)
                throw Error(TaskParameter.Overrides, FormatTuple(anchors), $"override {FormatTuple(anchors)} gives {where} label {y}, outside the number range [0,{n - 1}]");
            throw Error(TaskParameter.Label, $"{y}", $"{where} gives label {y}, outside the number range [0,{n - 1}]; use the modulo rule to wrap");
        }
        return (int)y;
    }

    private static TaskConfigurationException Error(string parameter, string value, string detail) => new(parameter, value, detail);

    internal static string Format(IEnumerable<int> values) => "[" + string.Join(",", values) + "]";

    internal static string FormatTuple(IEnumerable<int> values) => "(" + string.Join(",", values) + ")";
}
