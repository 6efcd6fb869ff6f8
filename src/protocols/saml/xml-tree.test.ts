import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/error-codes.ts';
import { isPassiError } from '../../core/errors.ts';
import { el, fromDom, idOf } from './xml-tree.ts';

function parsed(xml: string) {
  const root = new DOMParser().parseFromString(xml, 'application/xml').documentElement;
  if (root === null) throw new Error('no element');
  return root;
}

describe('the element tree', () => {
  it('keeps attributes in canonical order and children as given, without sharing the caller’s array', () => {
    const children = [el('urn:a', 'a:B')];
    const e = el('urn:a', 'a:A', { 'xml:lang': 'fi', Version: '2.0', ID: '_1', B: 'b' }, children);
    children.push(el('urn:a', 'a:C'));
    expect(e.attrs.map((a) => a.qname)).toEqual(['B', 'ID', 'Version', 'xml:lang']);
    expect(e.children).toHaveLength(1);
    expect(idOf(e)).toBe('_1');
    expect(idOf(el('urn:a', 'a:A'))).toBeUndefined();
  });

  it('reads a parsed element: namespaces of elements and attributes, text and CDATA; declarations and comments dropped', () => {
    const tree = fromDom(
      parsed(
        '<x:A xmlns:x="urn:x" xmlns:y="urn:y" y:t="1" n="2"><!-- c --><x:B>t<![CDATA[<d>]]></x:B></x:A>',
      ),
    );
    expect(tree).toEqual({
      ns: 'urn:x',
      qname: 'x:A',
      attrs: [
        { qname: 'n', ns: '', value: '2' },
        { qname: 'y:t', ns: 'urn:y', value: '1' },
      ],
      children: [{ ns: 'urn:x', qname: 'x:B', attrs: [], children: ['t', '<d>'] }],
    });
  });

  it('refuses a processing instruction rather than guessing what to write', () => {
    let caught: unknown;
    try {
      fromDom(parsed('<A><?pi data?></A>'));
    } catch (e) {
      caught = e;
    }
    expect(isPassiError(caught) && caught.code).toBe(ErrorCodes.INTERNAL);
  });
});
