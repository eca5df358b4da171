import './realm-symbols';

jest.setTimeout(180_000);
