using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>
/// Straightforward implementations written from the textbook definitions, independent of
/// MathNet and of the O(m log m) code under test, to check it against.
/// </summary>
public static class Reference
{
    /// <summary>Upper-triangle pairs (i &lt; j), row-major, of both matrices.</summary>
    public static (double[] X, double[] Y) Pairs(Matrix<double> a, Matrix<double> b)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < a.RowCount; i++)
            for (int j = i + 1; j < a.RowCount; j++)
            {
                if (double.IsNaN(a[i, j]) || double.IsNaN(b[i, j])) continue;
                x.Add(a[i, j]);
                y.Add(b[i, j]);
            }
        return (x.ToArray(), y.ToArray());
    }

    /// <summary>Pearson r from sums of centred products.</summary>
    public static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Average ranks (1-based) by counting: rank = 1 + #{less} + (#{equal} - 1) / 2.</summary>
    public static double[] AverageRanks(double[] x) =>
        x.Select(v => 1.0 + x.Count(w => w < v) + (x.Count(w => w == v) - 1) / 2.0).ToArray();

    /// <summary>Spearman rho as Pearson of average ranks.</summary>
    public static double Spearman(double[] x, double[] y) => Pearson(AverageRanks(x), AverageRanks(y));

    /// <summary>Kendall tau-b by examining every pair of pairs: (C - D) / sqrt((n0 - n1)(n0 - n2)).</summary>
    public static double KendallTauB(double[] x, double[] y)
    {
        long concordant = 0, discordant = 0, untiedX = 0, untiedY = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = i + 1; j < x.Length; j++)
            {
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx != 0) untiedX++;
                if (sy != 0) untiedY++;
                if (sx * sy > 0) concordant++;
                else if (sx * sy < 0) discordant++;
            }
        return (concordant - discordant) / Math.Sqrt((double)untiedX * untiedY);
    }
}
