namespace ProbSig.Empirics.Checkpoints;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">The tensor's name (key in the header).</param>
/// <param name="DType">The safetensors dtype name, e.g. F32 or BF16.</param>
/// <param name="Shape">The shape; empty for a scalar.</param>
/// <param name="Begin">First byte of the data, relative to the start of the data section.</param>
/// <param name="End">One past the last byte, relative to the start of the data section.</param>
public sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>The shape as text, e.g. [896, 151936].</summary>
    public string ShapeText => SafeTensorsHeader.FormatShape(Shape);
}

/// <summary>
/// A checked safetensors header: every entry's offsets agree with its shape and dtype and
/// the entries tile the data section exactly, so reading any tensor cannot run past the file.
/// </summary>
/// <param name="File">The file the header was read from.</param>
/// <param name="DataStart">Absolute file offset of the data section (8 + header length).</param>
/// <param name="Tensors">The entries, by name, in the order of their data.</param>
/// <param name="Metadata">The optional __metadata__ strings (empty when absent).</param>
public sealed record SafeTensorsHeader(
    string File,
    long DataStart,
    IReadOnlyDictionary<string, SafeTensorsEntry> Tensors,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The entry named <paramref name="name"/>, or an error naming the file and tensor.</summary>
    public SafeTensorsEntry this[string name] => Tensors.TryGetValue(name, out var e)
        ? e
        : throw new SafeTensorsException(File, name, "not in this file");

    internal static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
