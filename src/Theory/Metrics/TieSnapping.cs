using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Ties decided by the values, not by round-off (THEORY 4, "Ties"): the signature cosines of
/// a structured task take few distinct values in exact arithmetic (the default task's 780
/// key pairs: 9), which float64 splits into many (97), so ranks and top-q sets inside a tied
/// group would be decided by the order of summation. Before ranking or choosing a top set,
/// values within <see cref="RelativeTolerance"/> of the sample's largest magnitude are made
/// equal. The rule reads only the multiset of values (sorted, each group takes its smallest
/// member's value), so renaming tokens cannot change it.
/// </summary>
public static class TieSnapping
{
    /// <summary>Values closer than this times the sample's largest magnitude are one value.</summary>
    public const double RelativeTolerance = 1e-12;

    /// <summary>Snaps <paramref name="values"/> in place; non-finite values are left alone.</summary>
    public static void Snap(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double scale = 0;
        foreach (double v in values) if (double.IsFinite(v)) scale = Math.Max(scale, Math.Abs(v));
        if (scale == 0) return;
        double tolerance = RelativeTolerance * scale;
        var order = Enumerable.Range(0, values.Length).Where(i => double.IsFinite(values[i])).ToArray();
        var keys = order.Select(i => values[i]).ToArray();
        Array.Sort(keys, order);
        // A group starts at its smallest value and takes every value within the tolerance of
        // that start (not of its last member), so a chain of small steps cannot merge a range.
        for (int start = 0; start < order.Length;)
        {
            double first = keys[start];
            int end = start;
            while (end + 1 < order.Length && keys[end + 1] - first <= tolerance) end++;
            for (int k = start; k <= end; k++) values[order[k]] = first;
            start = end + 1;
        }
    }

    /// <summary>A copy of the symmetric similarity matrix <paramref name="m"/> whose
    /// off-diagonal entries are snapped together (as the pairs i &lt; j, written back to both
    /// triangles); the diagonal is kept.</summary>
    public static Matrix<double> Snapped(Matrix<double> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        int n = m.RowCount;
        var a = m.ToArray();
        var upper = new double[n * (n - 1) / 2];
        for (int i = 0, r = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) upper[r++] = a[i, j];
        Snap(upper);
        for (int i = 0, r = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, r++) a[i, j] = a[j, i] = upper[r];
        return Matrix<double>.Build.DenseOfArray(a);
    }
}
