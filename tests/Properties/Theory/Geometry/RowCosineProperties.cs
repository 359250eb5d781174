using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Geometry;

namespace ProbSig.Tests.Properties.Theory.Geometry;

/// <summary>
/// A reproducible row-cosine input: <see cref="Rows"/> x <see cref="Width"/> Gaussian entries
/// from <see cref="Seed"/>, with the rows in <see cref="ZeroRows"/> set to zero and those in
/// <see cref="UndefinedRows"/> marked undefined (a failing case prints as these few numbers).
/// </summary>
public sealed record RowCase(int Rows, int Width, int Seed, int[] ZeroRows, int[] UndefinedRows)
{
    public Matrix<double> Matrix()
    {
        var rng = new Random(Seed);
        var x = Matrix<double>.Build.Dense(Rows, Width, (_, _) => 2 * rng.NextDouble() - 1);
        foreach (var i in ZeroRows) x.ClearRow(i);
        return x;
    }

    public bool[] Defined() => Enumerable.Range(0, Rows).Select(i => !UndefinedRows.Contains(i)).ToArray();

    public override string ToString() =>
        $"RowCase({Rows} x {Width}, seed {Seed}, zero [{string.Join(", ", ZeroRows)}], undefined [{string.Join(", ", UndefinedRows)}])";
}

/// <summary>The one row cosine's stated rule: NaN for undefined rows, 0/1 for rows that point
/// nowhere, otherwise the clamped cosine with a unit diagonal; optional centring.</summary>
[TestFixture]
public sealed class RowCosineProperties
{
    /// <summary>Cosines of at most 7-dimensional vectors of entries in [-1, 1]: a naive loop and
    /// the Gram route differ by a few ulps, far below this.</summary>
    private const double Naive = 1e-12;

    private static Gen<RowCase> Cases() =>
        from n in Gen.Choose(1, 9)
        from d in Gen.Choose(1, 7)
        from seed in Gen.Choose(0, int.MaxValue)
        from zero in Gen.SubListOf(Enumerable.Range(0, n).ToArray())
        from undefined in Gen.SubListOf(Enumerable.Range(0, n).ToArray())
        select new RowCase(n, d, seed, zero.ToArray(), undefined.ToArray());

    /// <summary>The rule written out entry by entry, with plain loops.</summary>
    private static double NaiveCosine(Matrix<double> x, bool[] defined, int i, int j, double zeroNorm)
    {
        if (!defined[i] || !defined[j]) return double.NaN;
        if (i == j) return 1.0;
        double dot = 0, ni = 0, nj = 0;
        for (int k = 0; k < x.ColumnCount; k++)
        {
            dot += x[i, k] * x[j, k];
            ni += x[i, k] * x[i, k];
            nj += x[j, k] * x[j, k];
        }
        if (Math.Sqrt(ni) <= zeroNorm || Math.Sqrt(nj) <= zeroNorm) return 0.0;
        return Math.Clamp(dot / Math.Sqrt(ni * nj), -1.0, 1.0);
    }

    [Test]
    public void RowCosine_FollowsTheRule_AndAgreesWithANaiveLoop()
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = c.Matrix();
            var defined = c.Defined();
            var cos = RowCosine.Of(x, defined);
            for (int i = 0; i < c.Rows; i++)
                for (int j = 0; j < c.Rows; j++)
                {
                    double expected = NaiveCosine(x, defined, i, j, 0.0);
                    if (double.IsNaN(expected)) Assert.That(cos[i, j], Is.NaN, $"{c}: ({i}, {j}) involves an undefined row");
                    else Assert.That(cos[i, j], Is.EqualTo(expected).Within(Naive), $"{c}: ({i}, {j})");
                }
        }));
    }

    [Test]
    public void RowCosine_IsExactlySymmetric_WithUnitDiagonal_AndInMinusOneToOne()
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var cos = RowCosine.Of(c.Matrix(), c.Defined());
            var defined = c.Defined();
            for (int i = 0; i < c.Rows; i++)
            {
                if (defined[i]) Assert.That(cos[i, i], Is.EqualTo(1.0), $"{c}: diagonal {i}");
                for (int j = 0; j < c.Rows; j++)
                {
                    Assert.That(cos[i, j].Equals(cos[j, i]), $"{c}: ({i}, {j}) = {cos[i, j]} but ({j}, {i}) = {cos[j, i]}");
                    if (!double.IsNaN(cos[i, j])) Assert.That(cos[i, j], Is.InRange(-1.0, 1.0));
                }
            }
        }));
    }

    [Test]
    public void UndefinedRow_IsNaNInItsRowAndColumn_DiagonalIncluded_WhateverItHolds()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 5, 5 }, { 0, 1 } });
        var cos = RowCosine.Of(x, [true, false, true]);
        for (int k = 0; k < 3; k++)
        {
            Assert.That(cos[1, k], Is.NaN);
            Assert.That(cos[k, 1], Is.NaN);
        }
        Assert.That(cos[0, 2], Is.EqualTo(0.0));
        Assert.That(cos[0, 0], Is.EqualTo(1.0));
    }

    [Test]
    public void ZeroRow_PointsNowhere_CosineZeroWithOthersAndOneWithItself()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 0, 0 }, { -1, 3 } });
        var cos = RowCosine.Of(x);
        Assert.That(cos[1, 1], Is.EqualTo(1.0));
        Assert.That(cos[1, 0], Is.EqualTo(0.0));
        Assert.That(cos[2, 1], Is.EqualTo(0.0));
        Assert.That(cos[0, 2], Is.EqualTo(5 / Math.Sqrt(50)).Within(1e-15));
    }

    [Test]
    public void RowAtOrBelowItsTolerance_PointsNowhere_OneAboveDoesNot()
    {
        // Row norms 5e-13, 1e-12 and 2e-12 against a tolerance of 1e-12: the first two point nowhere.
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 3e-13, 4e-13 }, { 1e-12, 0 }, { 2e-12, 0 }, { 1, 1 } });
        var cos = RowCosine.Of(x, zeroNorm: 1e-12);
        Assert.That(cos[0, 3], Is.EqualTo(0.0));
        Assert.That(cos[1, 3], Is.EqualTo(0.0));
        Assert.That(cos[2, 3], Is.EqualTo(1 / Math.Sqrt(2)).Within(1e-15));
        Assert.That(cos[0, 0] + cos[1, 1] + cos[2, 2], Is.EqualTo(3.0));
        // Per-row tolerances: only row 2's own (3e-12) silences it.
        var perRow = RowCosine.Of(x, null, null, [0.0, 0.0, 3e-12, 0.0]);
        Assert.That(perRow[2, 3], Is.EqualTo(0.0));
        Assert.That(perRow[0, 3], Is.EqualTo(0.7 / Math.Sqrt(0.25 * 2)).Within(1e-12));
    }

    [Test]
    public void Centring_EqualsExplicitSubtraction_BitForBit()
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = c.Matrix();
            var rng = new Random(c.Seed ^ 0x5bd1e995);
            var centre = Vector<double>.Build.Dense(c.Width, _ => rng.NextDouble() - 0.5);
            var subtracted = x.Clone();
            for (int i = 0; i < c.Rows; i++) subtracted.SetRow(i, x.Row(i) - centre);
            var viaCentre = RowCosine.Of(x, c.Defined(), centre);
            var explicitly = RowCosine.Of(subtracted, c.Defined());
            Assert.That(viaCentre.ToColumnMajorArray(), Is.EqualTo(explicitly.ToColumnMajorArray()), c.ToString());
        }));
    }

    [Test]
    public void MeanCentred_SubtractsTheMeanOfTheDefinedRows()
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = c.Matrix();
            var defined = c.Defined();
            var mean = RowCosine.MeanRow(x, defined);
            int count = defined.Count(d => d);
            for (int k = 0; k < c.Width; k++)
            {
                double expected = count == 0 ? 0 : Enumerable.Range(0, c.Rows).Where(i => defined[i]).Sum(i => x[i, k]) / count;
                Assert.That(mean[k], Is.EqualTo(expected).Within(1e-15), $"{c}: column {k}");
            }
            Assert.That(RowCosine.MeanCentred(x, defined).ToColumnMajorArray(), Is.EqualTo(RowCosine.Of(x, defined, mean).ToColumnMajorArray()), c.ToString());
        }));
    }

    [Test]
    public void OfGram_AgreesWithTheRowsItCameFrom()
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = c.Matrix();
            var fromRows = RowCosine.Of(x, c.Defined());
            var fromGram = RowCosine.OfGram(x.TransposeAndMultiply(x), c.Defined());
            for (int i = 0; i < c.Rows; i++)
                for (int j = 0; j < c.Rows; j++)
                    if (double.IsNaN(fromRows[i, j])) Assert.That(fromGram[i, j], Is.NaN);
                    else Assert.That(fromGram[i, j], Is.EqualTo(fromRows[i, j]).Within(Naive), $"{c}: ({i}, {j})");
        }));
    }

    [Test]
    public void BadInputs_NameTheArgument()
    {
        var x = Matrix<double>.Build.Dense(3, 2, 1.0);
        Assert.That(Assert.Throws<ArgumentException>(() => RowCosine.Of(x, [true, true]))!.ParamName, Is.EqualTo("defined"));
        Assert.That(Assert.Throws<ArgumentException>(() => RowCosine.Of(x, centre: Vector<double>.Build.Dense(3)))!.ParamName, Is.EqualTo("centre"));
        Assert.That(Assert.Throws<ArgumentException>(() => RowCosine.Of(x, zeroNorm: -1e-12))!.ParamName, Is.EqualTo("zeroNorm"));
        Assert.That(Assert.Throws<ArgumentException>(() => RowCosine.Of(x, zeroNorm: double.NaN))!.ParamName, Is.EqualTo("zeroNorm"));
        Assert.That(Assert.Throws<ArgumentException>(() => RowCosine.Of(x, null, null, [0.0]))!.ParamName, Is.EqualTo("zeroNorms"));
        Assert.That(Assert.Throws<ArgumentException>(() => RowCosine.OfGram(x))!.ParamName, Is.EqualTo("gram"));
    }
}
