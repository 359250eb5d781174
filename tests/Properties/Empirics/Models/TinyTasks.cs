using ProbSig.Empirics.Runtime;
using ProbSig.Theory.Populations;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Models;

/// <summary>Small exact populations written out by hand, and plain-array helpers for hand computations.</summary>
internal static class TinyTasks
{
    /// <summary>V = 4, C = 3, bag-of-tokens samples with repeats and unequal weights.</summary>
    public static Population Mixed() => Population.Exact(4, 3, new (IReadOnlyList<int>, int, double)[]
    {
        (new[] { 0, 1 }, 0, 0.30),
        (new[] { 1, 1, 2 }, 1, 0.20),
        (new[] { 3 }, 2, 0.25),
        (new[] { 0, 3 }, 1, 0.15),
        (new[] { 2 }, 0, 0.10),
    });

    /// <summary>V = C = 3, for tied models.</summary>
    public static Population Square() => Population.Exact(3, 3, new (IReadOnlyList<int>, int, double)[]
    {
        (new[] { 0 }, 1, 0.4),
        (new[] { 1, 2 }, 2, 0.35),
        (new[] { 2 }, 0, 0.25),
    });

    /// <summary>V = 4, C = 2: tokens 0 and 2 mean class 0, tokens 1 and 3 class 1.</summary>
    public static Population Separable() => Population.Exact(4, 2, new (IReadOnlyList<int>, int, double)[]
    {
        (new[] { 0 }, 0, 0.2),
        (new[] { 1 }, 1, 0.2),
        (new[] { 2 }, 0, 0.15),
        (new[] { 3 }, 1, 0.15),
        (new[] { 0, 2 }, 0, 0.15),
        (new[] { 1, 3 }, 1, 0.15),
    });

    public static void Init() => TorchRuntime.Initialise();

    /// <summary>Dense phi(X) rows of a population, as plain arrays.</summary>
    public static double[][] Phi(Population population, FeatureMap map) =>
        population.Samples.Select(s =>
        {
            var row = new double[map.Dimension];
            foreach (var (i, v) in map.Features(s.Tokens)) row[i] = v;
            return row;
        }).ToArray();

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        if (b.GetLength(0) != k) throw new ArgumentException("shapes");
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i, t] * b[t, j];
                c[i, j] = s;
            }
        return c;
    }

    public static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    public static double[] Softmax(double[] z)
    {
        double max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>The largest absolute entrywise difference.</summary>
    public static double MaxAbsDiff(double[,] a, double[,] b)
    {
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
            throw new ArgumentException($"shapes {a.GetLength(0)}x{a.GetLength(1)} and {b.GetLength(0)}x{b.GetLength(1)}");
        double m = 0;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) m = Math.Max(m, Math.Abs(a[i, j] - b[i, j]));
        return m;
    }

    /// <summary>A CPU float64 copy of a 2-D tensor (test side, independent of the model code).</summary>
    public static double[,] ToArray(Tensor t)
    {
        using var scope = NewDisposeScope();
        var h = t.detach().to(ScalarType.Float64, CPU).contiguous();
        var r = new double[h.shape[0], h.shape[1]];
        var acc = h.data<double>();
        for (int i = 0; i < r.GetLength(0); i++)
            for (int j = 0; j < r.GetLength(1); j++) r[i, j] = acc[i * r.GetLength(1) + j];
        return r;
    }

    /// <summary>The gradient of a named parameter after backward, as an array.</summary>
    public static double[,] Grad(nn.Module module, string name)
    {
        var p = module.named_parameters().Single(np => np.name == name).parameter;
        using var g = p.grad ?? throw new InvalidOperationException($"{name} has no gradient");
        return ToArray(g);
    }
}
