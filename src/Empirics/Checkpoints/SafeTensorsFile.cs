using System.Buffers.Binary;
using System.Text.Json;

namespace ProbSig.Empirics.Checkpoints;

/// <summary>
/// Our safetensors reader and writer, against the published format
/// (https://github.com/huggingface/safetensors): an 8-byte little-endian header length
/// n, n bytes of UTF-8 JSON mapping each tensor name to {dtype, shape, data_offsets}
/// (plus an optional "__metadata__" object of strings), then the raw little-endian data,
/// offsets relative to byte 8 + n.
/// </summary>
/// <remarks>
/// Our own rather than TorchSharp.PyBridge's: every error here names the file and the
/// tensor, and a header can be read and checked (against a model's config.json, say)
/// before any data is loaded. Reading goes tensor by tensor straight from the file into
/// the tensor's native memory, so a 2 GB checkpoint never sits in managed memory.
/// The checks are those of the reference (Rust) implementation: offsets must agree with
/// shape x element size and tile the data section exactly, with no gap or overlap.
/// </remarks>
public static partial class SafeTensorsFile
{
    /// <summary>The reference implementation refuses headers above 100 MB; so do we, before allocating.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads and checks the header of <paramref name="path"/> without reading any tensor data.</summary>
    /// <exception cref="SafeTensorsException">The file is missing or malformed; the message says where.</exception>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new SafeTensorsException(path, null, "no such file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadHeader(path, stream);
    }

    private static SafeTensorsHeader ReadHeader(string path, FileStream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new SafeTensorsException(path, null, $"the file is {fileLength} bytes, too short for the 8-byte header length: not a safetensors file, or truncated");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw new SafeTensorsException(path, null, $"the header length {headerLength} reaches beyond the end of the file ({fileLength} bytes): not a safetensors file, or truncated");
        if (headerLength > MaxHeaderBytes)
            throw new SafeTensorsException(path, null, $"the header length {headerLength} exceeds the format's limit of {MaxHeaderBytes} bytes");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength;
        return ParseHeader(path, headerBytes, dataStart, fileLength - dataStart);
    }

    private static SafeTensorsHeader ParseHeader(string path, byte[] json, long dataStart, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SafeTensorsException(path, null, $"the header is not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new SafeTensorsException(path, null, $"the header is a JSON {doc.RootElement.ValueKind}, not an object");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafeTensorsEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new SafeTensorsException(path, property.Name, "appears twice in the header");
                if (property.Name == "__metadata__") ReadMetadata(path, property.Value, metadata);
                else entries.Add(ParseEntry(path, property.Name, property.Value));
            }
            CheckTiling(path, entries, dataLength);
            var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End)
                .ToDictionary(e => e.Name, e => e, StringComparer.Ordinal);
            return new SafeTensorsHeader(path, dataStart, ordered, metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsException(path, null, $"__metadata__ is a JSON {value.ValueKind}; the format wants an object of strings");
        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
                throw new SafeTensorsException(path, null, $"__metadata__ entry '{m.Name}' is a JSON {m.Value.ValueKind}; the format wants strings");
            metadata[m.Name] = m.Value.GetString()!;
        }
    }

    private static SafeTensorsEntry ParseEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsException(path, name, $"its header entry is a JSON {value.ValueKind}, not an object with dtype, shape and data_offsets");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new SafeTensorsException(path, name, "its header entry has no dtype string");
        string dtype = dtypeElement.GetString()!;
        int? size = SafeTensorsDType.ElementSize(dtype);
        if (size is null)
            throw new SafeTensorsException(path, name, $"dtype '{dtype}' is not a safetensors dtype (supported here: {string.Join(", ", SafeTensorsDType.Supported)})");
        var shape = ReadLongs(path, name, value, "shape", expectedCount: null);
        var offsets = ReadLongs(path, name, value, "data_offsets", expectedCount: 2);
        long begin = offsets[0], end = offsets[1];
        if (end < begin)
            throw new SafeTensorsException(path, name, $"data_offsets [{begin}, {end}] end before they begin");
        long count;
        try
        {
            count = shape.Aggregate(1L, (a, b) => checked(a * b));
            long needed = checked(count * size.Value);
            if (end - begin != needed)
                throw new SafeTensorsException(path, name,
                    $"data_offsets [{begin}, {end}] hold {end - begin} bytes but shape {SafeTensorsHeader.FormatShape(shape)} of {dtype} needs {needed}");
        }
        catch (OverflowException)
        {
            throw new SafeTensorsException(path, name, $"shape {SafeTensorsHeader.FormatShape(shape)} is too large");
        }
        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    private static long[] ReadLongs(string path, string name, JsonElement value, string field, int? expectedCount)
    {
        if (!value.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new SafeTensorsException(path, name, $"its header entry has no {field} array");
        var result = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
                throw new SafeTensorsException(path, name, $"{field} holds {item.GetRawText()}, not a non-negative integer");
            result[i++] = v;
        }
        if (expectedCount is { } n && result.Length != n)
            throw new SafeTensorsException(path, name, $"{field} has {result.Length} numbers, not {n}");
        return result;
    }

    /// <summary>
    /// The entries, in offset order, must cover [0, dataLength) exactly: a gap or an
    /// overlap is a corrupt file, and data missing at the end a truncated one.
    /// </summary>
    private static void CheckTiling(string path, List<SafeTensorsEntry> entries, long dataLength)
    {
        long position = 0;
        SafeTensorsEntry? previous = null;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < position)
                throw new SafeTensorsException(path, e.Name, $"data_offsets [{e.Begin}, {e.End}] overlap those of '{previous!.Name}' [{previous.Begin}, {previous.End}]");
            if (e.Begin > position)
                throw new SafeTensorsException(path, e.Name, $"data_offsets [{e.Begin}, {e.End}] leave bytes {position}..{e.Begin} of the data section to no tensor");
            if (e.End > dataLength)
                throw new SafeTensorsException(path, e.Name,
                    $"data_offsets [{e.Begin}, {e.End}] reach beyond the {dataLength} data bytes the file holds: the file is truncated");
            position = e.End;
            previous = e;
        }
        if (position < dataLength)
            throw new SafeTensorsException(path, null, $"{dataLength - position} bytes after the last tensor's data belong to no tensor");
    }
}
