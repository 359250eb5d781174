using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// training_state.safetensors: the optimiser's moments as float32 tensors in the safetensors
/// layout (an 8-byte little-endian header length, a JSON header with dtype, shape and
/// data_offsets per tensor, then raw little-endian data). Float32 only, which is all the
/// optimiser keeps; the model's weights go through the Hugging Face checkpoint instead.
/// </summary>
public static class TrainingStateFile
{
    /// <summary>Writes <paramref name="tensors"/> (float32, any device) to <paramref name="path"/>, names in ordinal order.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            if (t.dtype != ScalarType.Float32) throw new ArgumentException($"tensor \"{name}\" is {t.dtype}; the training state holds Float32 only", nameof(tensors));
            long bytes = 4 * t.numel();
            header[name] = new { dtype = "F32", shape = t.shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;   // the format asks for an 8-byte aligned data start
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        using var scope = NewDisposeScope();
        foreach (var name in names)
        {
            var cpu = tensors[name].detach().cpu().contiguous();
            stream.Write(BitConverter.IsLittleEndian ? cpu.bytes : throw new PlatformNotSupportedException("big-endian hosts"));
        }
    }

    /// <summary>Reads every tensor of a file written by <see cref="Write"/> (CPU, float32). The caller owns them.</summary>
    /// <exception cref="InvalidDataException">A truncated or malformed file; the message names the file.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        byte[] all;
        try { all = File.ReadAllBytes(path); }
        catch (IOException e) { throw new InvalidDataException($"{path}: cannot be read ({e.Message})", e); }
        if (all.Length < 8) throw new InvalidDataException($"{path}: truncated (no header length)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(all);
        if (headerLength > (ulong)(all.Length - 8)) throw new InvalidDataException($"{path}: truncated (header of {headerLength} bytes)");
        long dataStart = 8 + (long)headerLength;
        var result = new Dictionary<string, Tensor>();
        try
        {
            using var doc = JsonDocument.Parse(all.AsMemory(8, (int)headerLength));
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                var dtype = entry.Value.GetProperty("dtype").GetString();
                if (dtype != "F32") throw new InvalidDataException($"{path}: tensor \"{entry.Name}\" is {dtype}; expected F32");
                var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                long count = shape.Aggregate(1L, (a, b) => a * b);
                if (offsets.Length != 2 || offsets[1] - offsets[0] != 4 * count || dataStart + offsets[1] > all.Length)
                    throw new InvalidDataException($"{path}: tensor \"{entry.Name}\" has data_offsets that do not fit its shape or the file (truncated?)");
                var t = empty(shape, ScalarType.Float32);   // created outside any scope: the caller owns it
                all.AsSpan((int)(dataStart + offsets[0]), (int)(4 * count)).CopyTo(t.bytes);
                result[entry.Name] = t.DetachFromDisposeScope();
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new InvalidDataException($"{path}: malformed header ({e.Message})", e);
        }
        return result;
    }
}
