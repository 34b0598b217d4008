using System;

namespace TorrentPS.Bencode
{
    /// <summary>
    /// A forward-only pull reader over bencoded bytes. Strict where BEP 3 is strict: no leading zeros,
    /// no negative zero, no lengths past the end of the input, digits only, and a bounded nesting depth.
    /// It does not allocate: strings come back as slices of the input.
    /// </summary>
    public ref struct BencodeReader
    {
        /// <summary>Nesting deeper than this is refused, so hostile input cannot exhaust the stack.</summary>
        public const int DefaultMaxDepth = 128;

        private readonly ReadOnlySpan<byte> _data;
        private readonly int _maxDepth;
        private int _position;
        private int _depth;

        public BencodeReader(ReadOnlySpan<byte> data, int maxDepth = DefaultMaxDepth)
        {
            _data = data;
            _maxDepth = maxDepth;
            _position = 0;
            _depth = 0;
        }

        /// <summary>Offset of the next byte to be read.</summary>
        public int Position => _position;

        /// <summary>How many lists and dictionaries are open.</summary>
        public int Depth => _depth;

        /// <summary>True when every byte of the input has been consumed.</summary>
        public bool AtEnd => _position >= _data.Length;

        /// <summary>The kind of the next token, without consuming it.</summary>
        public BencodeTokenType Peek()
        {
            if (_position >= _data.Length)
            {
                return BencodeTokenType.None;
            }

            byte b = _data[_position];
            return b switch
            {
                (byte)'i' => BencodeTokenType.Integer,
                (byte)'l' => BencodeTokenType.ListStart,
                (byte)'d' => BencodeTokenType.DictionaryStart,
                (byte)'e' => BencodeTokenType.End,
                >= (byte)'0' and <= (byte)'9' => BencodeTokenType.String,
                _ => throw new BencodeException($"unexpected byte 0x{b:x2} where a value should start", _position),
            };
        }

        /// <summary>Reads the next token, which must be of <paramref name="expected"/> kind.</summary>
        public void Expect(BencodeTokenType expected)
        {
            BencodeTokenType actual = Peek();
            if (actual != expected)
            {
                throw new BencodeException(
                    actual == BencodeTokenType.None ? $"input ended where {Describe(expected)} was expected" : $"{Describe(actual)} found where {Describe(expected)} was expected",
                    _position);
            }
        }

        public long ReadInteger()
        {
            Expect(BencodeTokenType.Integer);
            int start = _position;
            _position++;
            bool negative = false;
            if (_position < _data.Length && _data[_position] == (byte)'-')
            {
                negative = true;
                _position++;
            }

            int digitsStart = _position;
            ulong magnitude = 0;
            while (_position < _data.Length && IsDigit(_data[_position]))
            {
                ulong next = (magnitude * 10) + (ulong)(_data[_position] - '0');
                if (magnitude > (ulong.MaxValue / 10) || next > (negative ? 9223372036854775808UL : long.MaxValue))
                {
                    throw new BencodeException("integer does not fit in 64 bits", start);
                }

                magnitude = next;
                _position++;
            }

            int digitCount = _position - digitsStart;
            if (_position >= _data.Length)
            {
                throw new BencodeException("input ended inside an integer", start);
            }

            if (_data[_position] != (byte)'e')
            {
                throw new BencodeException($"non-digit byte 0x{_data[_position]:x2} inside an integer", _position);
            }

            if (digitCount == 0)
            {
                throw new BencodeException("integer has no digits", start);
            }

            if (digitCount > 1 && _data[digitsStart] == (byte)'0')
            {
                throw new BencodeException("integer has a leading zero", start);
            }

            if (negative && magnitude == 0)
            {
                throw new BencodeException("negative zero is not a valid integer", start);
            }

            _position++;
            return negative ? unchecked((long)(0UL - magnitude)) : (long)magnitude;
        }

        /// <summary>Reads a byte string and returns a slice of the input.</summary>
        public ReadOnlySpan<byte> ReadString()
        {
            Expect(BencodeTokenType.String);
            int start = _position;
            long length = 0;
            while (_position < _data.Length && IsDigit(_data[_position]))
            {
                length = (length * 10) + (_data[_position] - '0');
                if (length > int.MaxValue)
                {
                    throw new BencodeException("string length is too large", start);
                }

                _position++;
            }

            if (_position >= _data.Length)
            {
                throw new BencodeException("input ended inside a string length", start);
            }

            if (_data[_position] != (byte)':')
            {
                throw new BencodeException($"non-digit byte 0x{_data[_position]:x2} inside a string length", _position);
            }

            if (_position - start > 1 && _data[start] == (byte)'0')
            {
                throw new BencodeException("string length has a leading zero", start);
            }

            _position++;
            if (length > _data.Length - _position)
            {
                throw new BencodeException($"string of {length} bytes runs past the end of the input ({_data.Length - _position} bytes left)", start);
            }

            ReadOnlySpan<byte> value = _data.Slice(_position, (int)length);
            _position += (int)length;
            return value;
        }

        public void ReadListStart() => Open(BencodeTokenType.ListStart);

        public void ReadDictionaryStart() => Open(BencodeTokenType.DictionaryStart);

        /// <summary>Reads the 'e' that closes the innermost list or dictionary.</summary>
        public void ReadEnd()
        {
            Expect(BencodeTokenType.End);
            if (_depth == 0)
            {
                throw new BencodeException("'e' without an open list or dictionary", _position);
            }

            _depth--;
            _position++;
        }

        /// <summary>Skips one whole value, however deeply nested, and returns the offset where it started.</summary>
        public int SkipValue()
        {
            int start = _position;
            int targetDepth = _depth;
            do
            {
                switch (Peek())
                {
                    case BencodeTokenType.Integer: ReadInteger(); break;
                    case BencodeTokenType.String: ReadString(); break;
                    case BencodeTokenType.ListStart: ReadListStart(); break;
                    case BencodeTokenType.DictionaryStart: ReadDictionaryStart(); break;
                    case BencodeTokenType.End:
                        if (_depth == targetDepth)
                        {
                            throw new BencodeException("'e' found where a value was expected", _position);
                        }

                        ReadEnd();
                        break;
                    default: throw new BencodeException("input ended inside a value", _position);
                }
            }
            while (_depth > targetDepth);
            return start;
        }

        private void Open(BencodeTokenType kind)
        {
            Expect(kind);
            if (_depth >= _maxDepth)
            {
                throw new BencodeException($"nesting is deeper than {_maxDepth} levels", _position);
            }

            _depth++;
            _position++;
        }

        private static bool IsDigit(byte b) => b >= (byte)'0' && b <= (byte)'9';

        private static string Describe(BencodeTokenType token) => token switch
        {
            BencodeTokenType.Integer => "an integer",
            BencodeTokenType.String => "a string",
            BencodeTokenType.ListStart => "a list",
            BencodeTokenType.DictionaryStart => "a dictionary",
            BencodeTokenType.End => "an 'e'",
            _ => "the end of input",
        };
    }
}
