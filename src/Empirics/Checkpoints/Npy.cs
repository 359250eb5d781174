using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ProbSig.Empirics.Checkpoints;

/// <summary>
/// NumPy .npy files, format version 1.0: a 10-byte preamble (magic, version, header
/// length), a Python-dict header padded with spaces so the data starts on a 64-byte
/// boundary, then raw little-endian data in C order. Only the dtypes ProbSig writes
/// ('&lt;f8', '&lt;f4', '&lt;i4', '&lt;i8') are supported.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>Writes a float64 array of the given shape (row-major data).</summary>
    public static void WriteFloat64(Stream stream, ReadOnlySpan<double> data, params int[] shape)
    {
        CheckShape(data.Length, shape);
        WriteHeader(stream, "<f8", shape);
        var buffer = new byte[8 * Math.Min(data.Length, 8192)];
        for (int start = 0; start < data.Length; start += 8192)
        {
            int n = Math.Min(8192, data.Length - start);
            for (int i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * i), data[start + i]);
            stream.Write(buffer, 0, 8 * n);
        }
    }

    /// <summary>Writes a float32 array of the given shape (row-major data).</summary>
    public static void WriteFloat32(Stream stream, ReadOnlySpan<float> data, params int[] shape)
    {
        CheckShape(data.Length, shape);
        WriteHeader(stream, "<f4", shape);
        var buffer = new byte[4];
        foreach (var v in data) { BinaryPrimitives.WriteSingleLittleEndian(buffer, v); stream.Write(buffer); }
    }

    /// <summary>Writes an int64 array of the given shape (row-major data).</summary>
    public static void WriteInt64(Stream stream, ReadOnlySpan<long> data, params int[] shape)
    {
        CheckShape(data.Length, shape);
        WriteHeader(stream, "<i8", shape);
        var buffer = new byte[8];
        foreach (var v in data) { BinaryPrimitives.WriteInt64LittleEndian(buffer, v); stream.Write(buffer); }
    }

    /// <summary>Writes a rectangular float64 matrix.</summary>
    public static void WriteMatrix(Stream stream, double[,] matrix)
    {
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        var flat = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) flat[i * cols + j] = matrix[i, j];
        WriteFloat64(stream, flat, rows, cols);
    }

    /// <summary>An array read back from a .npy file, converted to float64.</summary>
    public sealed record Array(string Dtype, int[] Shape, double[] Data);

    /// <summary>Reads a version 1.0 or 2.0 .npy file written in C order with a supported dtype.</summary>
    /// <exception cref="InvalidDataException">The stream is not such a file; the message says why.</exception>
    public static Array Read(Stream stream)
    {
        var pre = new byte[8];
        ReadExactly(stream, pre, "preamble");
        if (!pre.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException("not a .npy file: the magic string \\x93NUMPY is missing");
        int major = pre[6];
        int headerLength;
        if (major == 1) { var b = new byte[2]; ReadExactly(stream, b, "header length"); headerLength = BinaryPrimitives.ReadUInt16LittleEndian(b); }
        else if (major is 2 or 3) { var b = new byte[4]; ReadExactly(stream, b, "header length"); headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(b)); }
        else throw new InvalidDataException($".npy format version {major} is not supported");
        var hb = new byte[headerLength];
        ReadExactly(stream, hb, "header");
        var header = Encoding.Latin1.GetString(hb);
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success) throw new InvalidDataException($".npy header is malformed: {header.Trim()}");
        if (order.Groups[1].Value != "False") throw new InvalidDataException(".npy file is in Fortran order; only C order is supported");
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        string dtype = descr.Groups[1].Value;
        int size = dtype switch { "<f8" or "<i8" => 8, "<f4" or "<i4" => 4, _ => throw new InvalidDataException($".npy dtype '{dtype}' is not supported") };
        var raw = new byte[checked(count * size)];
        ReadExactly(stream, raw, "data");
        var data = new double[count];
        for (long i = 0; i < count; i++)
        {
            var s = raw.AsSpan((int)(i * size), size);
            data[i] = dtype switch
            {
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(s),
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(s),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(s),
                _ => BinaryPrimitives.ReadInt32LittleEndian(s),
            };
        }
        return new Array(dtype, shape, data);
    }

    private static void WriteHeader(Stream stream, string dtype, int[] shape)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // Pad with spaces and a final newline so that 10 + header length is a multiple of 64.
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        var len = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, checked((ushort)header.Length));
        stream.Write(len);
        stream.Write(Encoding.Latin1.GetBytes(header));
    }

    private static void CheckShape(int length, int[] shape)
    {
        if (shape.Length == 0) throw new ArgumentException("a shape needs at least one dimension", nameof(shape));
        long n = shape.Aggregate(1L, (a, b) => a * b);
        if (n != length) throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {n} values but {length} were given", nameof(shape));
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string what)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0) throw new InvalidDataException($".npy file ends inside its {what} ({read} of {buffer.Length} bytes)");
            read += n;
        }
    }

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
