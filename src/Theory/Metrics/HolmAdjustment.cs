namespace ProbSig.Theory.Metrics;

/// <summary>
/// Holm's step-down adjustment of a family of p-values (Holm 1979; as statsmodels'
/// multipletests(method="holm") and R's p.adjust(method="holm")): sort the m raw p-values
/// ascending, multiply the i-th smallest (0-based) by m - i, carry the running maximum so the
/// adjusted values keep the raw order, and cap at 1. Rejecting every adjusted p at or below
/// alpha controls the family-wise error rate at alpha under any dependence between the tests,
/// which is why it suits a report whose claims share corpora and models.
/// </summary>
public static class HolmAdjustment
{
    /// <summary>The adjusted p-values, in the order of <paramref name="pValues"/>; a NaN stays NaN and is not counted in m.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A p-value outside [0, 1].</exception>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        for (int i = 0; i < pValues.Count; i++)
            if (!double.IsNaN(pValues[i]) && (pValues[i] < 0 || pValues[i] > 1))
                throw new ArgumentOutOfRangeException(nameof(pValues), pValues[i], $"p-value {i} must lie in [0, 1]");
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        // Ties keep their input order (a stable sort), which leaves the adjusted values unchanged.
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToArray();
        int m = order.Length;
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
