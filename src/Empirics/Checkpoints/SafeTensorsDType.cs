using TorchSharp;

namespace ProbSig.Empirics.Checkpoints;

/// <summary>
/// The dtype names of the safetensors format and their element sizes. Every name the
/// format defines is known here, so that a header can be checked (offsets against
/// shape x size) even where a dtype cannot be loaded; only <see cref="Supported"/> ones
/// become tensors.
/// </summary>
public static class SafeTensorsDType
{
    private static readonly Dictionary<string, int> Sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>The dtypes read into and written from tensors: weights and training state.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["F32", "F16", "BF16", "I64", "I32"];

    /// <summary>Bytes per element of a dtype the format defines; null for an unknown name.</summary>
    public static int? ElementSize(string dtype) => Sizes.TryGetValue(dtype, out var size) ? size : null;

    /// <summary>True when <paramref name="dtype"/> can be read into a tensor.</summary>
    public static bool IsSupported(string dtype) => Supported.Contains(dtype);

    /// <summary>The torch dtype of a supported safetensors dtype.</summary>
    public static torch.ScalarType ToScalarType(string dtype) => dtype switch
    {
        "F32" => torch.ScalarType.Float32,
        "F16" => torch.ScalarType.Float16,
        "BF16" => torch.ScalarType.BFloat16,
        "I64" => torch.ScalarType.Int64,
        "I32" => torch.ScalarType.Int32,
        _ => throw new ArgumentException($"safetensors dtype {dtype} is not supported (supported: {string.Join(", ", Supported)})", nameof(dtype)),
    };

    /// <summary>The safetensors name of a torch dtype, or null where the writer does not support it.</summary>
    public static string? FromScalarType(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float32 => "F32",
        torch.ScalarType.Float16 => "F16",
        torch.ScalarType.BFloat16 => "BF16",
        torch.ScalarType.Int64 => "I64",
        torch.ScalarType.Int32 => "I32",
        _ => null,
    };
}
