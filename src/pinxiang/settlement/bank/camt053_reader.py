"""ISO 20022 camt.053 bank-to-customer statements, read with the standard library.

Why not the installed `pycamt` package: it reads only IBAN accounts (Chinese banks identify
accounts by Acct/Id/Othr/Id, which it drops), turns debit balances into `float`, does not read the
payer's country, returns dictionaries without the element or line a value came from, and needs
lxml, which the project does not pin. This reader builds a small tree with expat so that every
message names the element path and its line; DOCTYPE and entity declarations are refused."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from xml.parsers import expat

from pinxiang.domain.money import Money
from pinxiang.settlement.bank.common import (
    RawBalance,
    RawEntry,
    RawStatement,
    StatementError,
    currency_or_error,
    decimal_or_error,
)


@dataclass
class Node:
    tag: str  # local name, namespace dropped
    path: str
    line: int
    attrib: dict[str, str]
    text: str = ""
    children: list[Node] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.path} (line {self.line})"

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def find(self, *path: str) -> Node | None:
        node: Node | None = self
        for tag in path:
            node = next((c for c in node.children if c.tag == tag), None) if node else None
        return node

    def text_of(self, *path: str) -> str:
        node = self.find(*path)
        return node.text.strip() if node else ""

    def walk(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            yield from c.walk()


def _tree(file: str, data: bytes) -> tuple[Node, str]:
    """The document's root node and its namespace."""
    parser = expat.ParserCreate(namespace_separator="}")
    stack: list[Node] = []
    root: list[Node] = []
    namespace = [""]

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition("}")
        parent = stack[-1] if stack else None
        index = len(parent.all(local)) + 1 if parent else 1
        path = f"{parent.path}/{local}[{index}]" if parent else local
        node = Node(local, path, parser.CurrentLineNumber, dict(attrs))
        if parent:
            parent.children.append(node)
        else:
            root.append(node)
            namespace[0] = ns
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].text += text

    def no_doctype(*args: object) -> None:
        raise StatementError(
            file, f"line {parser.CurrentLineNumber}", "DOCTYPE declarations are not accepted"
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = no_doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as e:
        raise StatementError(
            file,
            f"line {e.lineno}, column {e.offset}",
            f"malformed or truncated XML ({expat.ErrorString(e.code)}); "
            "expected a complete camt.053 document",
        ) from None
    return root[0], namespace[0]


def _date(file: str, node: Node | None, what: str, owner: Node) -> date:
    if node is None:
        raise StatementError(file, owner.where, f"missing {what}; expected Dt or DtTm")
    text = node.text_of("Dt") or node.text_of("DtTm")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StatementError(
            file, node.where, f"{what} {text!r} is not a date; expected YYYY-MM-DD"
        ) from None


def _money(file: str, owner: Node) -> Money:
    amt = owner.find("Amt")
    if amt is None:
        raise StatementError(file, owner.where, 'missing Amt; expected <Amt Ccy="USD">1.00</Amt>')
    ccy = currency_or_error(file, amt.where, amt.attrib.get("Ccy", ""))
    value = decimal_or_error(file, amt.where, amt.text.strip(), "2500.50")
    ind = owner.text_of("CdtDbtInd")
    if ind not in ("CRDT", "DBIT"):
        raise StatementError(file, owner.where, f"CdtDbtInd {ind!r}; expected CRDT or DBIT")
    return Money(value, ccy) if ind == "CRDT" else Money(-value, ccy)


def _party(tx: Node | None) -> tuple[str, str]:
    if tx is None:
        return "", ""
    dbtr = tx.find("RltdPties", "Dbtr")
    if dbtr is None:
        return "", ""
    party = dbtr.find("Pty") or dbtr  # camt.053.001.08+ nests the party one level down
    return party.text_of("Nm"), party.text_of("PstlAdr", "Ctry").upper()


def _remittance(tx: Node | None, entry: Node) -> str:
    parts: list[str] = []
    if tx is not None:
        rmt = tx.find("RmtInf")
        if rmt is not None:
            parts += [u.text.strip() for u in rmt.all("Ustrd") if u.text.strip()]
            parts += [n.text.strip() for n in rmt.walk() if n.tag == "Ref" and n.text.strip()]
    info = entry.text_of("AddtlNtryInf")
    if info:
        parts.append(info)
    return " ".join(parts)


def _entries(file: str, ntry: Node, currency: str) -> list[RawEntry]:
    money = _money(file, ntry)
    status = ntry.text_of("Sts") or ntry.text_of("Sts", "Cd")
    if status and status != "BOOK":
        return []  # pending or information-only entries move no balance
    value_date = _date(file, ntry.find("ValDt") or ntry.find("BookgDt"), "value date", ntry)
    reversal = ntry.text_of("RvslInd").lower() == "true"
    entry_ref = ntry.text_of("AcctSvcrRef") or ntry.text_of("NtryRef")
    txs = [tx for d in ntry.all("NtryDtls") for tx in d.all("TxDtls")]
    if len(txs) <= 1:
        tx = txs[0] if txs else None
        ref = (
            entry_ref
            or (tx.text_of("Refs", "AcctSvcrRef") if tx else "")
            or (tx.text_of("Refs", "EndToEndId") if tx else "")
        )
        name, country = _party(tx)
        return [
            RawEntry(
                ntry.where, value_date, money, ref, name, country, _remittance(tx, ntry), reversal
            )
        ]
    out: list[RawEntry] = []  # a batch: one receipt per transaction
    for n, tx in enumerate(txs, start=1):
        amt = tx.find("AmtDtls", "TxAmt") or tx
        part = _money(file, amt) if amt.find("CdtDbtInd") else None
        if part is None:
            a = amt.find("Amt")
            if a is None:
                raise StatementError(file, tx.where, "batch entry without an amount; expected Amt")
            ccy = currency_or_error(file, a.where, a.attrib.get("Ccy", ""))
            v = decimal_or_error(file, a.where, a.text.strip(), "2500.50")
            part = Money(v if money.amount > 0 else -v, ccy)
        ref = tx.text_of("Refs", "AcctSvcrRef") or f"{entry_ref}/{n}"
        name, country = _party(tx)
        out.append(
            RawEntry(
                tx.where, value_date, part, ref, name, country, _remittance(tx, ntry), reversal
            )
        )
    total = sum((e.amount for e in out), Money.zero(money.currency))
    if total != money:
        raise StatementError(
            file,
            ntry.where,
            f"batch transactions sum to {total}; expected the entry amount {money}",
        )
    return out


def _balance(file: str, stmt: Node, codes: tuple[str, ...]) -> RawBalance | None:
    for bal in stmt.all("Bal"):
        if bal.text_of("Tp", "CdOrPrtry", "Cd") in codes:
            return RawBalance(bal.where, _money(file, bal))
    return None


def read_camt053(file: str, data: bytes) -> list[RawStatement]:
    root, namespace = _tree(file, data)
    if root.tag != "Document" or "camt.053" not in namespace:
        raise StatementError(
            file,
            root.where,
            f"root {root.tag} in namespace {namespace!r}; expected a camt.053 Document",
        )
    body = root.find("BkToCstmrStmt")
    stmts = body.all("Stmt") if body else []
    if not stmts:
        raise StatementError(file, root.where, "no statement; expected BkToCstmrStmt/Stmt")
    out: list[RawStatement] = []
    for stmt in stmts:
        acct = stmt.find("Acct")
        account = acct.text_of("Id", "IBAN") or acct.text_of("Id", "Othr", "Id") if acct else ""
        if acct is None or not account:
            raise StatementError(file, stmt.where, "no account; expected Acct/Id/IBAN or Othr/Id")
        opening = _balance(file, stmt, ("OPBD", "PRCD"))
        closing = _balance(file, stmt, ("CLBD",))
        ccy_node = acct.find("Ccy")
        if ccy_node is not None:
            currency = currency_or_error(file, ccy_node.where, ccy_node.text.strip())
        elif opening is not None:
            currency = opening.amount.currency
        else:
            raise StatementError(file, acct.where, "no account currency; expected Acct/Ccy")
        for bal in (opening, closing):
            if bal is not None and bal.amount.currency != currency:
                raise StatementError(
                    file, bal.where, f"balance in {bal.amount.currency}; expected {currency}"
                )
        entries = [e for ntry in stmt.all("Ntry") for e in _entries(file, ntry, currency)]
        out.append(
            RawStatement(
                account,
                acct.where,
                currency,
                opening,
                closing,
                stmt.where,
                "a Bal with Tp/CdOrPrtry/Cd CLBD",
                tuple(entries),
            )
        )
    return out
