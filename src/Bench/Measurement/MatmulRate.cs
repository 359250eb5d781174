using static TorchSharp.torch;

namespace ProbSig.Bench.Measurement;

/// <summary>
/// The machine's limit for dense training: libtorch's fp32 square matrix-product rate at the
/// current thread count, measured the way Peers/matmul.py measures PyTorch's (the same size,
/// the same warm-up, products repeated for a fixed time).
/// </summary>
public static class MatmulRate
{
    /// <summary>GFLOP/s of n x n by n x n fp32 products (2 n^3 flops each) over about <paramref name="seconds"/>.</summary>
    public static double Gflops(int n, double seconds)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "the size must be positive");
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        var a = randn([n, n], ScalarType.Float32, generator: generator);
        var b = randn([n, n], ScalarType.Float32, generator: generator);
        void Product() { using var c = a.mm(b); }
        for (int i = 0; i < 3; i++) Product();
        var (calls, elapsed) = Timing.For(seconds, Product);
        return 2.0 * n * (double)n * n * calls / elapsed / 1e9;
    }
}
