package main

// FerretDB 1.24 runs an update as "query, change in Go, write back" with nothing holding the
// document in between (internal/handler/msg_update.go, msg_findandmodify.go), so two concurrent
// `$inc`s on one document can lose one, and a guarded decrement (`{qty: {$gte: n}}` + `$inc`) can
// drive stock below zero. MongoDB applies each single-document update atomically, and the project
// relies on that. This proxy restores it: it sits in front of FerretDB on the public address and
// lets only one write command per database run at a time. Reads are never held.

import (
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
)

const (
	opMsg        = 2013
	maxMsgSize   = 48 * 1024 * 1024 // MongoDB's maxMessageSizeBytes
	headerLength = 16
	moreToCome   = 1 << 1
)

// writeCommands change documents; each must run alone within its database.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
	"create": true, "drop": true, "createIndexes": true, "dropIndexes": true, "dropDatabase": true,
	"renameCollection": true, "collMod": true,
}

type proxy struct {
	upstream func() (net.Conn, error)
	logger   *slog.Logger

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (p *proxy) lockFor(db string) *sync.Mutex {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, ok := p.locks[db]
	if !ok {
		l = new(sync.Mutex)
		p.locks[db] = l
	}
	return l
}

func (p *proxy) serve(l net.Listener) error {
	for {
		client, err := l.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		go p.handle(client)
	}
}

// handle relays one client connection. The wire protocol is request/response per connection
// (a reply flagged moreToCome is followed by more replies without a new request).
func (p *proxy) handle(client net.Conn) {
	defer client.Close()
	server, err := p.upstream()
	if err != nil {
		p.logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	for {
		msg, err := readMessage(client)
		if err != nil {
			return
		}
		var lock *sync.Mutex
		if cmd, db, ok := commandOf(msg); ok && writeCommands[cmd] {
			lock = p.lockFor(db)
			lock.Lock()
		}
		err = p.exchange(client, server, msg)
		if lock != nil {
			lock.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (p *proxy) exchange(client, server net.Conn, msg []byte) error {
	if _, err := server.Write(msg); err != nil {
		return err
	}
	if flagsOf(msg)&moreToCome != 0 {
		return nil // the client expects no reply
	}
	for {
		reply, err := readMessage(server)
		if err != nil {
			return err
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		if flagsOf(reply)&moreToCome == 0 {
			return nil
		}
	}
}

func readMessage(r io.Reader) ([]byte, error) {
	var header [headerLength]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := int(binary.LittleEndian.Uint32(header[:4]))
	if size < headerLength || size > maxMsgSize {
		return nil, errors.New("invalid message length")
	}
	msg := make([]byte, size)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[headerLength:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func flagsOf(msg []byte) uint32 {
	if len(msg) < headerLength+4 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return 0
	}
	return binary.LittleEndian.Uint32(msg[16:20])
}

// commandOf returns the command name (the first key of the OP_MSG body) and its `$db`.
func commandOf(msg []byte) (cmd, db string, ok bool) {
	if len(msg) < headerLength+5 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return "", "", false
	}
	sections := msg[headerLength+4:]
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		if len(sections) < 4 {
			return "", "", false
		}
		size := int(binary.LittleEndian.Uint32(sections[:4]))
		if size < 5 || size > len(sections) {
			return "", "", false
		}
		if kind == 0 {
			return bodyCommand(sections[:size])
		}
		sections = sections[size:] // kind 1: a document sequence; the body is what we want
	}
	return "", "", false
}

// bodyCommand walks the top-level elements of a BSON document for the first key and `$db`.
func bodyCommand(doc []byte) (cmd, db string, ok bool) {
	i := 4
	for i < len(doc)-1 {
		typ := doc[i]
		i++
		end := indexByte(doc[i:], 0)
		if end < 0 {
			return "", "", false
		}
		key := string(doc[i : i+end])
		i += end + 1
		if cmd == "" {
			cmd = key
		}
		n, isString := valueSize(typ, doc[i:])
		if n < 0 || i+n > len(doc) {
			return "", "", false
		}
		if key == "$db" && isString {
			db = string(doc[i+4 : i+n-1])
		}
		i += n
	}
	return cmd, db, cmd != ""
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// valueSize is the encoded size of one BSON value of type typ at the start of b, or -1.
func valueSize(typ byte, b []byte) (int, bool) {
	i32 := func() int {
		if len(b) < 4 {
			return -1
		}
		return int(int32(binary.LittleEndian.Uint32(b[:4])))
	}
	switch typ {
	case 0x01, 0x09, 0x11, 0x12: // double, datetime, timestamp, int64
		return 8, false
	case 0x02, 0x0D, 0x0E: // string, javascript, symbol
		n := i32()
		if n < 1 {
			return -1, false
		}
		return 4 + n, typ == 0x02
	case 0x03, 0x04, 0x0F: // document, array, code with scope
		return i32(), false
	case 0x05: // binary
		n := i32()
		if n < 0 {
			return -1, false
		}
		return 5 + n, false
	case 0x06, 0x0A, 0x7F, 0xFF: // undefined, null, maxkey, minkey
		return 0, false
	case 0x07: // ObjectId
		return 12, false
	case 0x08: // bool
		return 1, false
	case 0x0B: // regex: two cstrings
		a := indexByte(b, 0)
		if a < 0 {
			return -1, false
		}
		c := indexByte(b[a+1:], 0)
		if c < 0 {
			return -1, false
		}
		return a + c + 2, false
	case 0x0C: // DBPointer
		n := i32()
		if n < 1 {
			return -1, false
		}
		return 4 + n + 12, false
	case 0x10: // int32
		return 4, false
	case 0x13: // decimal128
		return 16, false
	}
	return -1, false
}
