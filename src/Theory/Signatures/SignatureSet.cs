using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Populations;

namespace ProbSig.Theory.Signatures;

/// <summary>
/// The probability signatures of a population under a feature map (THEORY 2): data-only
/// statistics, each an expectation computed as one weighted sum over
/// <see cref="Population.Samples"/>, so an exact task and a drawn sample go through the
/// same code. "Token" below means a feature index s in [0, D): a token for counts and
/// presence, a (position, token) pair p * V + t for the position-resolved map.
/// <para>
/// Undefined entries: a token with pi_s = 0 has no signature, and a class with
/// P(Y = y) = 0 has no output signature. Vector accessors return null for them; the dense
/// matrices (<see cref="LabelSignatures"/>, <see cref="OutputSignatures"/>) carry NaN rows
/// only so they stay rectangular. A figure or report must consult <see cref="IsDefined"/>
/// and <see cref="IsClassDefined"/> and show such entries as undefined, never plot the NaN
/// or treat it as zero.
/// </para>
/// The matrices and arrays returned belong to the set: read them, do not modify them.
/// </summary>
public sealed class SignatureSet
{
    private readonly Dictionary<(int S, int S2), double[]> _jointMass;

    /// <summary>The feature map the signatures were computed under.</summary>
    public FeatureMap Features { get; }

    /// <summary>D = features.Dimension.</summary>
    public int FeatureCount { get; }

    /// <summary>C, the number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>pi_s = E[phi_s] (length D).</summary>
    public double[] TokenMass { get; }

    /// <summary>P(Y = y) (length C).</summary>
    public double[] ClassMass { get; }

    /// <summary>A = E[(e_Y - u) phi^T] (C x D); column s is pi_s (l_s - u), zero for an undefined token.</summary>
    public Matrix<double> A { get; }

    /// <summary>Sigma = E[phi phi^T] (D x D); Sigma[s, s'] is the pair mass pi_{ss'}.</summary>
    public Matrix<double> Sigma { get; }

    /// <summary>D x C; row s is the label signature l_s (a probability vector over classes),
    /// NaN for an undefined token (see the class remarks).</summary>
    public Matrix<double> LabelSignatures { get; }

    /// <summary>C x D; row y is m_y = E[phi | Y = y], NaN for a class of zero probability.</summary>
    public Matrix<double> OutputSignatures { get; }

    /// <summary>T = E[(e_Y - u) (x) phi (x) phi], stored for co-occurring pairs only;
    /// T[:, s, s'] = pi_{ss'} (j_{ss'} - u).</summary>
    public SparseTensor3 T { get; }

    private SignatureSet(FeatureMap features, int c, double[] pi, double[] classMass, Matrix<double> a, Matrix<double> sigma,
        Matrix<double> labelSignatures, Matrix<double> outputSignatures, SparseTensor3 t, Dictionary<(int, int), double[]> jointMass)
    {
        Features = features;
        FeatureCount = features.Dimension;
        ClassCount = c;
        TokenMass = pi;
        ClassMass = classMass;
        A = a;
        Sigma = sigma;
        LabelSignatures = labelSignatures;
        OutputSignatures = outputSignatures;
        T = t;
        _jointMass = jointMass;
    }

    /// <summary>Computes every signature of <paramref name="population"/> under <paramref name="features"/>.</summary>
    /// <exception cref="ArgumentException">The feature map is for another vocabulary size, or
    /// (position-resolved) a sequence has another length.</exception>
    public static SignatureSet Compute(Population population, FeatureMap features)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(features);
        if (features.VocabularySize != population.VocabularySize)
            throw new ArgumentException($"the feature map is for {features.VocabularySize} tokens; the population has {population.VocabularySize}", nameof(features));
        int d = features.Dimension, c = population.ClassCount;

        var pi = new double[d];
        var classMass = new double[c];
        var labelMass = new double[c, d];   // E[phi_s 1{Y=y}]
        var sigma = new double[d, d];       // E[phi_s phi_s']
        var jointMass = new Dictionary<(int, int), double[]>(); // E[phi_s phi_s' 1{Y=y}] per pair
        foreach (var sample in population.Samples)
        {
            double w = sample.Weight;
            int y = sample.Label;
            var phi = features.Features(sample.Tokens);
            classMass[y] += w;
            foreach (var (s, v) in phi)
            {
                pi[s] += w * v;
                labelMass[y, s] += w * v;
                foreach (var (s2, v2) in phi)
                {
                    double mass = w * v * v2;
                    sigma[s, s2] += mass;
                    if (!jointMass.TryGetValue((s, s2), out var column)) jointMass[(s, s2)] = column = new double[c];
                    column[y] += mass;
                }
            }
        }

        // A = E[e_Y phi^T] - u E[phi]^T: the centring by u only needs pi.
        var a = Matrix<double>.Build.Dense(c, d, (y, s) => labelMass[y, s] - pi[s] / c);
        var labelSignatures = Matrix<double>.Build.Dense(d, c, (s, y) => pi[s] > 0 ? labelMass[y, s] / pi[s] : double.NaN);
        var outputSignatures = Matrix<double>.Build.Dense(c, d, (y, s) => classMass[y] > 0 ? labelMass[y, s] / classMass[y] : double.NaN);
        var tPairs = new Dictionary<(int S, int S2), double[]>(jointMass.Count);
        foreach (var ((s, s2), column) in jointMass)
            tPairs[(s, s2)] = column.Select(m => m - sigma[s, s2] / c).ToArray();
        return new SignatureSet(features, c, pi, classMass, a, Matrix<double>.Build.DenseOfArray(sigma),
            labelSignatures, outputSignatures, new SparseTensor3(c, d, tPairs), jointMass);
    }

    /// <summary>True when token <paramref name="s"/> occurs (pi_s &gt; 0) and so has signatures.</summary>
    public bool IsDefined(int s) => TokenMass[CheckToken(s)] > 0;

    /// <summary>True when class <paramref name="y"/> has positive probability and so an output signature.</summary>
    public bool IsClassDefined(int y)
    {
        if ((uint)y >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(y), y, $"classes run 0..{ClassCount - 1}");
        return ClassMass[y] > 0;
    }

    /// <summary>Pair mass pi_{ss'} = E[phi_s phi_s'].</summary>
    public double PairMass(int s, int s2) => Sigma[CheckToken(s), CheckToken(s2)];

    /// <summary>l_s(y) = E[phi_s 1{Y=y}] / pi_s (length C), or null when s is undefined.</summary>
    public double[]? LabelSignature(int s) => IsDefined(s) ? LabelSignatures.Row(s).ToArray() : null;

    /// <summary>k_s(s') = E[phi_s phi_s'] / pi_s (length D), or null when s is undefined.</summary>
    public double[]? CooccurrenceSignature(int s) =>
        IsDefined(s) ? Sigma.Row(s).Select(v => v / TokenMass[s]).ToArray() : null;

    /// <summary>j_{ss'}(y) = E[phi_s phi_s' 1{Y=y}] / pi_{ss'} (length C), or null when the
    /// pair never co-occurs (pi_{ss'} = 0).</summary>
    public double[]? JointSignature(int s, int s2)
    {
        CheckToken(s);
        CheckToken(s2);
        if (!_jointMass.TryGetValue((s, s2), out var column)) return null;
        double mass = Sigma[s, s2];
        return column.Select(m => m / mass).ToArray();
    }

    /// <summary>m_y = E[phi | Y = y] (length D), or null when P(Y = y) = 0.</summary>
    public double[]? OutputSignature(int y) => IsClassDefined(y) ? OutputSignatures.Row(y).ToArray() : null;

    private int CheckToken(int s)
    {
        if ((uint)s >= (uint)FeatureCount) throw new ArgumentOutOfRangeException(nameof(s), s, $"features run 0..{FeatureCount - 1}");
        return s;
    }
}
