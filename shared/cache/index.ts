export * from './contract';
export * from './transfers';
