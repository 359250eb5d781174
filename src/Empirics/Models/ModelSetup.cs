using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>
/// The checks and the initialisation shared by the models of THEORY 3: every weight iid
/// N(0, s^2), s given either directly or as s = d^(-gamma), drawn from a generator seeded
/// by the model's config (never the global RNG).
/// </summary>
public static class ModelSetup
{
    /// <summary>
    /// The initial standard deviation: <paramref name="initStd"/> itself, or
    /// width^(-gamma). Exactly one of the two must be given.
    /// </summary>
    /// <exception cref="ArgumentException">Both or neither given, or a value out of range.</exception>
    public static double ResolveInitStd(double? initStd, double? gamma, int width)
    {
        if (initStd.HasValue == gamma.HasValue)
            throw new ArgumentException(
                $"set exactly one of InitStd ({Show(initStd)}) and Gamma ({Show(gamma)}); the initial std is InitStd, or Width^(-Gamma)",
                initStd.HasValue ? nameof(initStd) : nameof(gamma));
        if (initStd is double s)
        {
            if (!double.IsFinite(s) || s < 0)
                throw new ArgumentException($"InitStd is {s}; it must be finite and non-negative", nameof(initStd));
            return s;
        }
        double g = gamma!.Value;
        if (!double.IsFinite(g))
            throw new ArgumentException($"Gamma is {g}; it must be finite", nameof(gamma));
        return Math.Pow(width, -g);
    }

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

    internal static Device ParseDevice(string device)
    {
        if (device is null || !(device == "cpu" || device == "cuda" || device.StartsWith("cuda:", StringComparison.Ordinal)))
            throw new ArgumentException($"Device is '{device}'; use \"cpu\", \"cuda\" or \"cuda:N\"", "Device");
        if (device != "cpu" && !torch.cuda.is_available())
            throw new ArgumentException($"Device is '{device}', but no CUDA device is usable from this process", "Device");
        return torch.device(device);
    }

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

    private static string Show(double? value) => value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "null";
}
