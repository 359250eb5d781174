using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Populations;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>A random problem size and seed; everything random in a case is built from these,
/// so a failing case printed by FsCheck can be rebuilt by hand.</summary>
public sealed record FlowCase(int Classes, int Vocabulary, int Seed)
{
    /// <summary>A C x V matrix with iid N(0, 1) entries, the generic A of the linear flow.</summary>
    public Matrix<double> RandomA() => FlowTestData.Gaussian(Classes, Vocabulary, 1.0, Seed);

    /// <summary>A and Sigma (counts features) of a small random population over these sizes.</summary>
    public (Matrix<double> A, Matrix<double> Sigma, Population Population) PopulationSignatures(int samples = 12) =>
        FlowTestData.DirectSignatures(FlowTestData.RandomPopulation(Vocabulary, Classes, samples, Seed));
}

/// <summary>Generators, reference integrators and error measures shared by the Flow properties.
/// Time in every helper is flow time (gradient descent step k with step eta is t = k * eta).</summary>
public static class FlowTestData
{
    /// <summary>Random sizes C in [2, maxClasses], V in [2, maxVocabulary] and a seed.</summary>
    public static Arbitrary<FlowCase> Cases(int maxClasses = 5, int maxVocabulary = 7) =>
        (from c in Gen.Choose(2, maxClasses)
         from v in Gen.Choose(2, maxVocabulary)
         from seed in Gen.Choose(0, 1_000_000)
         select new FlowCase(c, v, seed)).ToArbitrary();

    /// <summary>rows x cols iid N(0, std^2), deterministic in the seed.</summary>
    public static Matrix<double> Gaussian(int rows, int cols, double std, int seed) =>
        Matrix<double>.Build.Random(rows, cols, new Normal(0, std, new Random(seed)));

    /// <summary>A random exact population: sequences of 1 to 3 tokens, random labels, random weights.</summary>
    public static Population RandomPopulation(int vocabulary, int classes, int samples, int seed)
    {
        var rng = new Random(seed);
        var list = new List<(IReadOnlyList<int>, int, double)>();
        for (int n = 0; n < samples; n++)
        {
            int length = rng.Next(1, 4);
            var tokens = Enumerable.Range(0, length).Select(_ => rng.Next(vocabulary)).ToArray();
            list.Add((tokens, rng.Next(classes), 0.1 + rng.NextDouble()));
        }
        return Population.Exact(vocabulary, classes, list);
    }

    /// <summary>A = sum_w w (e_y - u) n^T and Sigma = sum_w w n n^T with counts n: the few lines
    /// of signature code the tests need while the Signatures module is written elsewhere.</summary>
    public static (Matrix<double> A, Matrix<double> Sigma, Population Population) DirectSignatures(Population population)
    {
        int v = population.VocabularySize, c = population.ClassCount;
        var a = Matrix<double>.Build.Dense(c, v);
        var sigma = Matrix<double>.Build.Dense(v, v);
        foreach (var s in population.Samples)
        {
            var n = Counts(s.Tokens, v);
            for (int y = 0; y < c; y++)
                for (int j = 0; j < v; j++)
                    a[y, j] += s.Weight * ((y == s.Label ? 1.0 : 0.0) - 1.0 / c) * n[j];
            sigma += s.Weight * n.OuterProduct(n);
        }
        return (a, sigma, population);
    }

    /// <summary>Token counts n(X) of one sequence.</summary>
    public static Vector<double> Counts(IReadOnlyList<int> tokens, int vocabulary)
    {
        var n = Vector<double>.Build.Dense(vocabulary);
        foreach (var t in tokens) n[t] += 1;
        return n;
    }

    /// <summary>B = [[0, A^T], [A, 0]], (V + C) square, the generator of the linear flow.</summary>
    public static Matrix<double> Generator(Matrix<double> a)
    {
        int c = a.RowCount, v = a.ColumnCount;
        var b = Matrix<double>.Build.Dense(v + c, v + c);
        b.SetSubMatrix(0, v, a.Transpose());
        b.SetSubMatrix(v, 0, a);
        return b;
    }

    /// <summary>Classic fourth-order Runge-Kutta for dX/dt = f(X) over [0, t] in <paramref name="steps"/> equal steps.</summary>
    public static Matrix<double> Rk4(Func<Matrix<double>, Matrix<double>> f, Matrix<double> x0, double t, int steps)
    {
        double h = t / steps;
        var x = x0.Clone();
        for (int i = 0; i < steps; i++)
        {
            var k1 = f(x);
            var k2 = f(x + 0.5 * h * k1);
            var k3 = f(x + 0.5 * h * k2);
            var k4 = f(x + h * k3);
            x = x + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        return x;
    }

    /// <summary>Scalar RK4 for dx/dt = f(x).</summary>
    public static double Rk4(Func<double, double> f, double x0, double t, int steps)
    {
        double h = t / steps, x = x0;
        for (int i = 0; i < steps; i++)
        {
            double k1 = f(x), k2 = f(x + 0.5 * h * k1), k3 = f(x + 0.5 * h * k2), k4 = f(x + h * k3);
            x += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        return x;
    }

    /// <summary>||actual - expected||_F / ||expected||_F (the absolute error when expected is 0).</summary>
    public static double RelativeError(Matrix<double> actual, Matrix<double> expected)
    {
        double diff = (actual - expected).FrobeniusNorm(), norm = expected.FrobeniusNorm();
        return norm == 0 ? diff : diff / norm;
    }

    /// <summary>Least-squares slope of log(y) against log(x).</summary>
    public static double LogLogSlope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var lx = x.Select(z => Math.Log(z)).ToArray();
        var ly = y.Select(z => Math.Log(z)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double num = 0, den = 0;
        for (int i = 0; i < lx.Length; i++) { num += (lx[i] - mx) * (ly[i] - my); den += (lx[i] - mx) * (lx[i] - mx); }
        return num / den;
    }

    /// <summary>Throws with relative and absolute error when two matrices differ by more than
    /// <paramref name="relTol"/> in relative Frobenius norm; returns true so it can end a property.</summary>
    public static bool Close(Matrix<double> actual, Matrix<double> expected, double relTol, string what)
    {
        double abs = (actual - expected).FrobeniusNorm();
        double rel = RelativeError(actual, expected);
        if (!(rel <= relTol))
            throw new Exception($"{what}: relative error {rel:E3} (absolute {abs:E3}, max entry {(actual - expected).Enumerate().Max(Math.Abs):E3}) exceeds {relTol:E1}");
        return true;
    }

    /// <summary>Throws with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition) throw new Exception(message);
    }
}
