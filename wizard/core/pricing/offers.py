"""AWS Price List offers, read into products with their on-demand prices.

Two shapes of the same data are accepted, told apart by their top-level keys:

- the bulk offer file of one service and Region,
  `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/<region>/index.json`:
  `products` keyed by SKU (`sku`, `productFamily`, `attributes`), and
  `terms.OnDemand[sku][offer term].priceDimensions[rate code]` with `unit`, `beginRange`,
  `endRange` and `pricePerUnit.USD`;
- the output of `aws pricing get-products`: `PriceList`, a list of JSON texts, each one product
  (`product.productFamily`, `product.attributes`, `product.sku`) with its own `terms`.

Only on-demand terms are read. A file is read whole (see `MAX_JSON_BYTES` in tomlio): the
all-Region AmazonEC2 offer of several GB is refused, and so may be the AmazonEC2 file of a large
Region; `aws pricing get-products` with filters gives the same products in a small file. Every
malformed part is a one-line error naming the file and the key path.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard.core.errors import InputFileError, shown
from wizard.core.files.tomlio import MAX_JSON_BYTES, read_json


@dataclass(frozen=True)
class PriceDimension:
    """One on-demand price: `usd` per `unit`, for usage from `begin` to `end` (None: no end)."""

    unit: str
    begin: float
    end: float | None
    usd: float


@dataclass(frozen=True)
class Product:
    sku: str
    family: str
    attributes: Mapping[str, str]
    prices: tuple[PriceDimension, ...]
    where: str  # the key path of the product in its file, for messages

    def attr(self, name: str) -> str:
        return self.attributes.get(name, "")


@dataclass(frozen=True)
class Offer:
    path: Path
    products: tuple[Product, ...]

    def __iter__(self) -> Iterator[Product]:
        return iter(self.products)


class OfferError(InputFileError):
    """An offer file that is not in the Price List format: `FILE: key: message`."""


def read_offer(path: Path | str, limit: int = MAX_JSON_BYTES) -> Offer:
    """Read a bulk offer file or `aws pricing get-products` output."""
    path = Path(path)
    data = read_json(path, limit)
    if isinstance(data, Mapping) and "PriceList" in data:
        return Offer(path, tuple(_price_list(path, data["PriceList"])))
    if isinstance(data, Mapping) and "products" in data:
        return Offer(path, tuple(_bulk(path, data)))
    raise OfferError(path, "not an AWS Price List offer: expected `products` and `terms` (a bulk offer file) "
                           "or `PriceList` (the output of aws pricing get-products)")


def _bulk(path: Path, data: Mapping[str, Any]) -> Iterator[Product]:
    products = _table(path, data["products"], "products")
    terms = _table(path, data.get("terms", {}), "terms")
    on_demand = _table(path, terms.get("OnDemand", {}), "terms.OnDemand")
    for key, raw in products.items():
        where = f"products.{_key(key)}"
        product = _table(path, raw, where)
        sku = _text(path, product.get("sku", key), f"{where}.sku")
        if sku not in on_demand:
            continue  # reserved-only, or no price in this Region
        prices = tuple(_terms(path, on_demand[sku], f"terms.OnDemand.{_key(sku)}"))
        yield _product(path, product, sku, prices, where)


def _price_list(path: Path, items: Any) -> Iterator[Product]:
    if not isinstance(items, list):
        raise OfferError(path, "PriceList: expected a list of JSON texts")
    for i, item in enumerate(items):
        where = f"PriceList[{i}]"
        if isinstance(item, str):  # what the CLI and the API return: one JSON text per product
            try:
                item = json.loads(item)
            except json.JSONDecodeError as exc:
                raise OfferError(path, f"{where}: invalid JSON: {exc.msg} (column {exc.colno})") from None
            except RecursionError:
                raise OfferError(path, f"{where}: invalid JSON: nested too deeply") from None
        entry = _table(path, item, where)
        product = _table(path, entry.get("product"), f"{where}.product")
        sku = _text(path, product.get("sku", ""), f"{where}.product.sku")
        terms = _table(path, entry.get("terms", {}), f"{where}.terms")
        prices = tuple(_terms(path, terms.get("OnDemand", {}), f"{where}.terms.OnDemand"))
        if prices:
            yield _product(path, product, sku, prices, f"{where}.product")


def _product(path: Path, product: Mapping[str, Any], sku: str, prices: tuple[PriceDimension, ...],
             where: str) -> Product:
    family = _text(path, product.get("productFamily", ""), f"{where}.productFamily")
    attributes = _table(path, product.get("attributes", {}), f"{where}.attributes")
    attrs = {str(k): _text(path, v, f"{where}.attributes.{_key(str(k))}") for k, v in attributes.items()}
    return Product(sku=sku, family=family, attributes=attrs, prices=prices, where=where)


def _terms(path: Path, raw: Any, where: str) -> Iterator[PriceDimension]:
    for code, term in _table(path, raw, where).items():
        at = f"{where}.{_key(code)}"
        dims = _table(path, _table(path, term, at).get("priceDimensions"), f"{at}.priceDimensions")
        for rate, dim in dims.items():
            yield _dimension(path, dim, f"{at}.priceDimensions.{_key(rate)}")


def _dimension(path: Path, raw: Any, where: str) -> PriceDimension:
    dim = _table(path, raw, where)
    unit = _text(path, dim.get("unit", ""), f"{where}.unit")
    price = _table(path, dim.get("pricePerUnit"), f"{where}.pricePerUnit")
    if "USD" not in price:
        raise OfferError(path, f"{where}.pricePerUnit: no USD price")
    usd = _number(path, price["USD"], f"{where}.pricePerUnit.USD")
    begin = _number(path, dim.get("beginRange", "0"), f"{where}.beginRange")
    end_text = dim.get("endRange", "Inf")
    end = None if end_text == "Inf" else _number(path, end_text, f"{where}.endRange")
    if end is not None and end <= begin:
        raise OfferError(path, f"{where}.endRange: {end:g} is not above beginRange {begin:g}")
    return PriceDimension(unit=unit, begin=begin, end=end, usd=usd)


def _table(path: Path, value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise OfferError(path, f"{where}: expected an object")
    return value


def _text(path: Path, value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise OfferError(path, f"{where}: expected text")
    return value


def _number(path: Path, value: Any, where: str) -> float:
    """A price or a range bound: the offers write numbers as text ("0.0104000000")."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise OfferError(path, f"{where}: expected a number")
    try:
        number = float(value)
    except ValueError:
        raise OfferError(path, f"{where}: expected a number, got {shown(value)!r}") from None
    if not math.isfinite(number) or number < 0:
        raise OfferError(path, f"{where}: expected a number of 0 or more, got {shown(value)!r}")
    return number


def _key(key: str) -> str:
    return shown(key)
