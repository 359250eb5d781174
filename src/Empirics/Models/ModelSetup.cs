using ProbSig.Empirics.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>
/// The checks and the initialisation shared by the models of THEORY 3: every weight iid
/// N(0, s^2) (the scale checked by the configs' <see cref="Theory.Flow.InitScale"/>), drawn
/// from a generator seeded by the model's config (never the global RNG).
/// </summary>
public static class ModelSetup
{
    internal static void RequirePositive(int value, string field)
    {
        if (value <= 0)
            throw new ArgumentException($"{field} is {value}; it must be positive", field);
    }

    internal static void RequireFloatingDType(ScalarType dtype)
    {
        if (dtype != ScalarType.Float64 && dtype != ScalarType.Float32)
            throw new ArgumentException($"DType is {dtype}; use Float64 (theory comparisons) or Float32", "DType");
    }

    /// <summary>The torch device of a config's device name, checked once for every model
    /// family by <see cref="TorchRuntime.CheckDevice"/>.</summary>
    internal static Device ToDevice(string device) => torch.device(TorchRuntime.CheckDevice(device));

    /// <summary>
    /// Draws the given shapes in order, each entry iid N(0, std^2), from one CPU generator
    /// seeded with <paramref name="seed"/>, then converts to dtype and device: the same seed
    /// gives the same weights on CPU and GPU.
    /// </summary>
    internal static Tensor[] DrawNormal(long seed, double std, ScalarType dtype, Device device, params long[][] shapes)
    {
        using var generator = new Generator(unchecked((ulong)seed), torch.CPU);
        var result = new Tensor[shapes.Length];
        for (int i = 0; i < shapes.Length; i++)
        {
            using var cpu = torch.empty(shapes[i], dtype: ScalarType.Float64);
            using (torch.no_grad())
                cpu.normal_(0.0, std, generator);
            result[i] = cpu.to(dtype, device);
        }
        return result;
    }

    /// <summary>A CPU float64 copy of the 2-D tensor that <paramref name="view"/> makes; the
    /// view and every temporary are made and disposed inside one scope.</summary>
    internal static double[,] ToMatrix(Func<Tensor> view)
    {
        using var scope = torch.NewDisposeScope();
        var matrix = view();
        if (matrix.dim() != 2) throw new ArgumentException($"expected a matrix, got {matrix.dim()} dimensions", nameof(view));
        var host = matrix.detach().to(ScalarType.Float64, torch.CPU).contiguous();
        int rows = (int)host.shape[0], cols = (int)host.shape[1];
        var flat = host.data<double>().ToArray();
        var result = new double[rows, cols];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
