/** The orders themselves: an in-memory list, enough for the example. */
export interface Order {
  id: string;
  item: string;
}

export function createOrdersStore() {
  const orders: Order[] = [{ id: 'ord_1', item: 'coffee beans' }];
  return {
    list: (): Order[] => orders,
    get: (id: string): Order | undefined => orders.find((order) => order.id === id),
    add(item: string): Order {
      const order = { id: `ord_${orders.length + 1}`, item };
      orders.push(order);
      return order;
    },
  };
}

export type OrdersStore = ReturnType<typeof createOrdersStore>;
