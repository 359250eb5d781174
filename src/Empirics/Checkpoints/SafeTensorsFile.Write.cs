using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Checkpoints;

public static partial class SafeTensorsFile
{
    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/>, each in its own dtype,
    /// atomically: a temporary file in the same folder is renamed into place when complete.
    /// </summary>
    /// <remarks>
    /// Like the Python/Rust safetensors writer, the JSON header is padded with spaces to a
    /// multiple of 8 bytes, and tensors are laid out by element size (largest first) then
    /// name, so that every tensor's data starts aligned to its element size and can be
    /// memory-mapped. Readers that do not pad (or sort) are read as well.
    /// </remarks>
    /// <param name="path">Destination file; its folder must exist. An existing file is replaced.</param>
    /// <param name="tensors">Tensors by name, any device; dtypes F32, F16, BF16, I64 or I32.</param>
    /// <param name="metadata">Optional strings for the header's __metadata__.</param>
    /// <exception cref="SafeTensorsException">A tensor cannot be written (named), or the folder is missing.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; this writer runs on little-endian machines only");
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new SafeTensorsException(path, null, $"the folder {dir} does not exist");

        var layout = Layout(path, tensors);
        var header = HeaderBytes(layout, metadata);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> length = stackalloc byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var entry in layout)
                {
                    using var scope = NewDisposeScope();
                    var cpu = tensors[entry.Name].detach().to(CPU).contiguous();
                    ForEachChunk(cpu, span => stream.Write(span));
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static List<SafeTensorsEntry> Layout(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var entries = new List<(string Name, string DType, int Size, long[] Shape)>();
        foreach (var (name, tensor) in tensors)
        {
            if (string.IsNullOrEmpty(name) || name == "__metadata__")
                throw new SafeTensorsException(path, name, "is not a usable tensor name (empty, or the reserved __metadata__)");
            var dtype = SafeTensorsDType.FromScalarType(tensor.dtype)
                ?? throw new SafeTensorsException(path, name, $"dtype {tensor.dtype} cannot be written (supported: {string.Join(", ", SafeTensorsDType.Supported)})");
            entries.Add((name, dtype, SafeTensorsDType.ElementSize(dtype)!.Value, tensor.shape));
        }
        var layout = new List<SafeTensorsEntry>();
        long position = 0;
        foreach (var e in entries.OrderByDescending(e => e.Size).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            long bytes = e.Shape.Aggregate(1L, (a, b) => checked(a * b)) * e.Size;
            layout.Add(new SafeTensorsEntry(e.Name, e.DType, e.Shape, position, position + bytes));
            position += bytes;
        }
        return layout;
    }

    private static byte[] HeaderBytes(List<SafeTensorsEntry> layout, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(k, v);
                json.WriteEndObject();
            }
            foreach (var e in layout)
            {
                json.WriteStartObject(e.Name);
                json.WriteString("dtype", e.DType);
                json.WriteStartArray("shape");
                foreach (var d in e.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(e.Begin);
                json.WriteNumberValue(e.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }
}
