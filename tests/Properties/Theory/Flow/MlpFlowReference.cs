using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Populations;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>
/// Independent reference computations for the embedding MLP z = W_U act(W_E n), written
/// sample by sample from the loss, with no use of signatures: the exact softmax
/// cross-entropy gradient flow and the loss linearised at p = u.
/// </summary>
public static class MlpFlowReference
{
    /// <summary>Exact GELU x Phi(x) and its derivative Phi(x) + x phi(x).</summary>
    public static double Gelu(double x) => 0.5 * x * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)));

    /// <summary>d/dx of <see cref="Gelu"/>.</summary>
    public static double GeluPrime(double x) => 0.5 * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2))) + x * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>d/dx tanh x.</summary>
    public static double TanhPrime(double x) { double t = Math.Tanh(x); return 1 - t * t; }

    /// <summary>
    /// -dL/dW of the expected softmax cross-entropy, L = sum_w w (-log softmax(z)_Y), for
    /// Theta = [W_E^T; W_U] ((V + C) x d): the exact gradient flow rate.
    /// </summary>
    public static Matrix<double> ExactRate(Matrix<double> theta, Population population, int d, Func<double, double> act, Func<double, double> actPrime)
    {
        int v = population.VocabularySize, c = population.ClassCount;
        var weT = theta.SubMatrix(0, v, 0, d);
        var wu = theta.SubMatrix(v, c, 0, d);
        var dWeT = Matrix<double>.Build.Dense(v, d);
        var dWu = Matrix<double>.Build.Dense(c, d);
        foreach (var sample in population.Samples)
        {
            var n = FlowTestData.Counts(sample.Tokens, v);
            var h = weT.TransposeThisAndMultiply(n);       // d
            var a = h.Map(act);
            var z = wu * a;                                 // C
            double max = z.Maximum();
            var p = z.Map(x => Math.Exp(x - max));
            p /= p.Sum();
            var g = -p;                                     // e_Y - p
            g[sample.Label] += 1;
            dWu += sample.Weight * g.OuterProduct(a);
            var back = wu.TransposeThisAndMultiply(g).PointwiseMultiply(h.Map(actPrime));
            dWeT += sample.Weight * n.OuterProduct(back);
        }
        return dWeT.Stack(dWu);
    }

    /// <summary>
    /// The loss with the softmax frozen at u: L_u = -sum_w w (e_Y - u)^T W_U act(W_E n), for the
    /// polynomial activation act(x) = c1 x + c2 x^2. Its exact gradient is what the truncated
    /// rates claim to be.
    /// </summary>
    public static double LinearisedLoss(Matrix<double> we, Matrix<double> wu, Population population, double c1, double c2)
    {
        int v = population.VocabularySize, c = population.ClassCount;
        double loss = 0;
        foreach (var sample in population.Samples)
        {
            var h = we * FlowTestData.Counts(sample.Tokens, v);
            var z = wu * h.Map(x => c1 * x + c2 * x * x);
            double centred = z[sample.Label] - z.Sum() / c;   // (e_Y - u)^T z
            loss -= sample.Weight * centred;
        }
        return loss;
    }

    /// <summary>-grad of <see cref="LinearisedLoss"/> by central differences with step <paramref name="step"/>:
    /// (dW_E, dW_U) with the shapes of (W_E, W_U).</summary>
    public static (Matrix<double> Embedding, Matrix<double> Unembedding) LinearisedRate(
        Matrix<double> we, Matrix<double> wu, Population population, double c1, double c2, double step)
    {
        Matrix<double> Differentiate(Matrix<double> target, Func<double> loss)
        {
            var rate = Matrix<double>.Build.Dense(target.RowCount, target.ColumnCount);
            for (int i = 0; i < target.RowCount; i++)
                for (int j = 0; j < target.ColumnCount; j++)
                {
                    double keep = target[i, j];
                    target[i, j] = keep + step; double up = loss();
                    target[i, j] = keep - step; double down = loss();
                    target[i, j] = keep;
                    rate[i, j] = -(up - down) / (2 * step);
                }
            return rate;
        }
        var e = we.Clone();
        var u = wu.Clone();
        return (Differentiate(e, () => LinearisedLoss(e, u, population, c1, c2)),
                Differentiate(u, () => LinearisedLoss(e, u, population, c1, c2)));
    }
}
