using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Checkpoints;

public static partial class SafeTensorsFile
{
    /// <summary>Largest slice read or written at once: a Span cannot pass 2 GB.</summary>
    private const long ChunkBytes = 1L << 30;

    /// <summary>
    /// Reads tensors from <paramref name="path"/> onto the CPU, one at a time, straight
    /// into each tensor's memory.
    /// </summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="dtype">Convert every tensor to this dtype (torch's conversion: exact
    /// from F16/BF16 to F32); null keeps each tensor's stored dtype.</param>
    /// <param name="names">The tensors to read; null reads all. A name not in the file is an error.</param>
    /// <returns>The tensors by name; the caller owns (and disposes) them.</returns>
    /// <exception cref="SafeTensorsException">Malformed file, missing tensor or unsupported dtype, named.</exception>
    public static Dictionary<string, Tensor> Read(string path, ScalarType? dtype = null, IEnumerable<string>? names = null)
    {
        var header = ReadHeader(path);
        var wanted = (names ?? header.Tensors.Keys).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in wanted)
        {
            var entry = header[name];
            if (!SafeTensorsDType.IsSupported(entry.DType)) throw Unsupported(path, entry);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            foreach (var name in wanted)
                result[name] = ReadTensor(header, handle, header[name], dtype);
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>Reads one tensor described by a header read earlier (see <see cref="ReadHeader(string)"/>).</summary>
    /// <exception cref="SafeTensorsException">The tensor is absent, of an unsupported dtype, or the file changed under us.</exception>
    public static Tensor ReadTensor(SafeTensorsHeader header, string name, ScalarType? dtype = null)
    {
        var entry = header[name];
        if (!SafeTensorsDType.IsSupported(entry.DType)) throw Unsupported(header.File, entry);
        using var handle = File.OpenHandle(header.File, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadTensor(header, handle, entry, dtype);
    }

    private static SafeTensorsException Unsupported(string path, SafeTensorsEntry entry) =>
        new(path, entry.Name, $"dtype {entry.DType} is not supported (supported: {string.Join(", ", SafeTensorsDType.Supported)})");

    private static Tensor ReadTensor(SafeTensorsHeader header, SafeFileHandle handle, SafeTensorsEntry entry, ScalarType? dtype)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; this reader runs on little-endian machines only");
        var stored = SafeTensorsDType.ToScalarType(entry.DType);
        var tensor = torch.empty(entry.Shape, stored, device: CPU);
        try
        {
            long offset = header.DataStart + entry.Begin;
            ForEachChunk(tensor, span =>
            {
                int filled = 0;
                while (filled < span.Length)
                {
                    int n = RandomAccess.Read(handle, span[filled..], offset);
                    if (n == 0)
                        throw new SafeTensorsException(header.File, entry.Name, $"the file ends at byte {offset} inside this tensor's data (it changed after its header was read)");
                    filled += n;
                    offset += n;
                }
            });
            if (dtype is { } target && target != stored)
            {
                var converted = tensor.to(target);
                tensor.Dispose();
                return converted;
            }
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Calls <paramref name="action"/> on the bytes of a contiguous CPU tensor, in slices
    /// below 2 GB (TorchSharp's <c>bytes</c> span is over the tensor's own memory).
    /// </summary>
    private static void ForEachChunk(Tensor tensor, SpanAction action)
    {
        long count = tensor.NumberOfElements;
        if (count == 0) return;
        long size = tensor.ElementSize;
        long perChunk = Math.Max(1, ChunkBytes / size);
        using var flat = tensor.view(-1);
        for (long start = 0; start < count; start += perChunk)
        {
            using var part = flat.narrow(0, start, Math.Min(perChunk, count - start));
            action(part.bytes);
        }
    }

    private delegate void SpanAction(Span<byte> bytes);
}
