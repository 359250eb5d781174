using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Geometry;

namespace ProbSig.Tests.Properties.Theory.Geometry;

/// <summary>
/// RowCosine works on one row-major copy over threads; its figures must keep their last bit, so
/// every output is compared bit for bit with the Math.NET route it replaced (row copies out of the
/// column-major storage, RowNorms, per-entry indexers, row vectors summed), kept here as the reference.
/// </summary>
[TestFixture]
public sealed class RowCosineReferenceProperties
{
    /// <summary>The cosine route before issue 18's rewrite, verbatim in its arithmetic.</summary>
    private static Matrix<double> Reference(Matrix<double> rows, bool[] defined, Vector<double>? centre, double[] zeroNorms)
    {
        int n = rows.RowCount;
        var x = rows.Clone();
        if (centre is not null)
            for (int i = 0; i < n; i++) x.SetRow(i, x.Row(i) - centre);
        for (int i = 0; i < n; i++) if (!defined[i]) x.ClearRow(i);
        return ReferenceApply(GramMatrix.Of(x), x.RowNorms(2.0), defined, zeroNorms);
    }

    private static Matrix<double> ReferenceApply(Matrix<double> gram, Vector<double> norms, bool[] defined, double[] zeroNorms)
    {
        int n = gram.RowCount;
        var nowhere = Enumerable.Range(0, n).Select(i => defined[i] && norms[i] <= zeroNorms[i]).ToArray();
        var result = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                result[i, j] = !defined[i] || !defined[j] ? double.NaN
                    : i == j ? 1.0
                    : nowhere[i] || nowhere[j] ? 0.0
                    : Math.Clamp(gram[i, j] / (norms[i] * norms[j]), -1.0, 1.0);
        return result;
    }

    private static Vector<double> ReferenceWeightedMean(Matrix<double> rows, bool[] defined, double[] weights)
    {
        var mean = Vector<double>.Build.Dense(rows.ColumnCount);
        double total = 0;
        for (int i = 0; i < rows.RowCount; i++)
        {
            if (!defined[i]) continue;
            mean += rows.Row(i) * weights[i];
            total += weights[i];
        }
        return total > 0 ? mean / total : mean;
    }

    private static Gen<RowCase> Cases() =>
        from n in Gen.Choose(1, 40)
        from d in Gen.Choose(1, 23)
        from seed in Gen.Choose(0, int.MaxValue)
        from zero in Gen.SubListOf(Enumerable.Range(0, n).ToArray())
        from undefined in Gen.SubListOf(Enumerable.Range(0, n).ToArray())
        select new RowCase(n, d, seed, zero.ToArray(), undefined.ToArray());

    private static void AssertSameBits(Matrix<double> actual, Matrix<double> expected, string at) =>
        Assert.That(actual.ToColumnMajorArray(), Is.EqualTo(expected.ToColumnMajorArray()), at);

    [Test]
    public void Of_IsTheMathNetRoute_BitForBit_WithAndWithoutCentre_AndPerRowTolerances()
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = c.Matrix();
            var defined = c.Defined();
            var rng = new Random(c.Seed ^ 0x2545f491);
            var centre = Vector<double>.Build.Dense(c.Width, _ => rng.NextDouble() - 0.5);
            // Tolerances around the rows' own norms, so some rows fall at or below theirs.
            var norms = x.RowNorms(2.0);
            var tolerances = Enumerable.Range(0, c.Rows).Select(i => rng.Next(3) == 0 ? norms[i] : rng.NextDouble() * 0.1).ToArray();
            AssertSameBits(RowCosine.Of(x, defined), Reference(x, defined, null, new double[c.Rows]), c + ", no centre");
            AssertSameBits(RowCosine.Of(x, defined, centre, tolerances), Reference(x, defined, centre, tolerances), c + ", centred, per-row tolerances");
        }));
    }

    /// <summary>Shapes that split over threads (rows and Gram tiles not multiples of the tile, a width
    /// not a multiple of the vector), with distribution-like rows centred by their weighted mean as
    /// the signature cosines are.</summary>
    [TestCase(301, 129, 5)]
    [TestCase(64, 1025, 6)]
    public void Of_OnLargerShapes_IsTheMathNetRoute_BitForBit_OnRepeatedRuns(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var x = Matrix<double>.Build.Dense(n, d, (_, _) => rng.NextDouble() < 0.7 ? 0.0 : rng.NextDouble());
        for (int i = 0; i < n; i++) if (x.Row(i).Sum() is var s and > 0) x.SetRow(i, x.Row(i) / s);
        var defined = Enumerable.Range(0, n).Select(i => i % 17 != 3).ToArray();
        var weights = Enumerable.Range(0, n).Select(i => i % 11 == 0 ? 0.0 : (double)rng.Next(1, 1000)).ToArray();
        var centre = RowCosine.WeightedMeanRow(x, defined, weights);
        Assert.That(centre.ToArray(), Is.EqualTo(ReferenceWeightedMean(x, defined, weights).ToArray()), "weighted mean row");
        var tolerances = Enumerable.Repeat(1e-12, n).ToArray();
        var expected = Reference(x, defined, centre, tolerances);
        AssertSameBits(RowCosine.Of(x, defined, centre, tolerances), expected, "first run");
        AssertSameBits(RowCosine.Of(x, defined, centre, tolerances), expected, "second run");
    }

    [Test]
    public void MeanRows_AreTheMathNetRoute_BitForBit_ZeroWeightsIncluded()
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = c.Matrix();
            var defined = c.Defined();
            var rng = new Random(c.Seed ^ 0x68e31da4);
            var weights = Enumerable.Range(0, c.Rows).Select(_ => rng.Next(4) == 0 ? 0.0 : rng.NextDouble() * 100).ToArray();
            Assert.That(RowCosine.WeightedMeanRow(x, defined, weights).ToArray(), Is.EqualTo(ReferenceWeightedMean(x, defined, weights).ToArray()), c.ToString());
            int count = defined.Count(d => d);
            var mean = Enumerable.Range(0, c.Width).Select(k =>
            {
                double sum = 0;
                for (int i = 0; i < c.Rows; i++) if (defined[i]) sum += x[i, k];
                return count == 0 ? 0.0 : sum / count;
            }).ToArray();
            Assert.That(RowCosine.MeanRow(x, defined).ToArray(), Is.EqualTo(mean), c.ToString());
        }));
    }

    [Test]
    public void OfGram_OfANonSymmetricGram_ReadsEachEntryWhereItIs()
    {
        var rng = new Random(4);
        var x = Matrix<double>.Build.Dense(9, 5, (_, _) => rng.NextDouble() - 0.5);
        var gram = x.TransposeAndMultiply(x);
        gram[2, 5] += 1e-3;   // off by more than round-off, so a transposed read would show
        var defined = Enumerable.Range(0, 9).Select(i => i != 7).ToArray();
        var norms = Vector<double>.Build.Dense(9, i => Math.Sqrt(Math.Max(0.0, gram[i, i])));
        AssertSameBits(RowCosine.OfGram(gram, defined), ReferenceApply(gram, norms, defined, new double[9]), "OfGram");
    }
}
